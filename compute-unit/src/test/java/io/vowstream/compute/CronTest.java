package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.dataitem.DataItems;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** CU-generated cron messages (ao scenario 15): parsing, tick math, ordering and the fold's results. */
class CronTest {
  static final long T0 = 1_700_000_000_000L;
  static final long H0 = 1_000;

  private static List<Tag> tags(String... pairs) {
    List<Tag> out = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.add(new Tag(pairs[i], pairs[i + 1]));
    }
    return out;
  }

  private static String keys(List<Crons.Tick> ticks) {
    return String.join(" ", ticks.stream().map(Crons.Tick::key).toList());
  }

  @Test
  void intervalsParseLikeAosIncludingSeveralWithTheirOwnTags() {
    List<Crons.Cron> crons = Crons.parse(tags("Name", "x", "Cron-Interval", "10-blocks", "Cron-Tag-Action", "A",
        "Other", "y", "Cron-Tag-Extra", "e", "Cron-Interval", "5-minutes", "Cron-Interval", "1-second",
        "Cron-Tag-Action", "C"));
    assertThat(crons).hasSize(3);
    assertThat(crons.get(0)).satisfies(c -> {
      assertThat(c.blocks()).isTrue();
      assertThat(c.period()).isEqualTo(10);
      assertThat(Schedules.tags(c.tags())).containsExactly(Map.entry("Action", "A"), Map.entry("Extra", "e"));
    });
    assertThat(crons.get(1).blocks()).isFalse();
    assertThat(crons.get(1).period()).isEqualTo(300_000);
    assertThat(crons.get(1).tags()).isEmpty();
    assertThat(crons.get(2).period()).isEqualTo(1_000);
    assertThat(crons.get(2).index()).isEqualTo(2);
    assertThat(Crons.period("1-block")).containsExactly(1, 1);
    assertThat(Crons.period("2-Hours")).containsExactly(0, 7_200_000);
    assertThat(Crons.period("1-week")).containsExactly(0, 604_800_000);
    assertThat(Crons.period("1500-ms")).as("rounded down to whole seconds").containsExactly(0, 1_000);
    assertThat(Crons.parse(tags("Name", "no crons"))).isEmpty();
  }

  @Test
  void aCronTagBeforeAnyIntervalOrABadIntervalIsRefusedNamingTheTag() {
    assertThatThrownBy(() -> Crons.parse(tags("Cron-Tag-Action", "A", "Cron-Interval", "1-second")))
        .isInstanceOf(Crons.BadCron.class).hasMessageContaining("Cron-Tag-Action").hasMessageContaining("before");
    for (String bad : List.of("0-seconds", "999-ms", "x-seconds", "5-fortnights", "5", "-seconds", "5-", "0-blocks")) {
      assertThatThrownBy(() -> Crons.parse(tags("Cron-Interval", bad))).as(bad).isInstanceOf(Crons.BadCron.class)
          .hasMessageContaining("Cron-Interval '" + bad + "'");
    }
  }

  @Test
  void ticksFallInTheHalfOpenWindowAfterThePreviousItem() {
    Crons c = new Crons(Crons.parse(tags("Cron-Interval", "10-seconds")), T0, H0);
    // (T0, T0+35s]: ticks 1..3
    assertThat(c.due(T0, H0, T0 + 35_000, H0)).extracting(Crons.Tick::timestamp)
        .containsExactly(T0 + 10_000, T0 + 20_000, T0 + 30_000);
    // the end is inclusive, the start exclusive
    assertThat(keys(c.due(T0 + 30_000, H0, T0 + 40_000, H0))).isEqualTo("0:4-10-seconds");
    assertThat(c.due(T0 + 40_000, H0, T0 + 49_999, H0)).isEmpty();
    assertThat(c.due(T0 + 35_000, H0, T0 + 35_000, H0)).isEmpty();
    // a time tick carries the height of the window's start
    assertThat(c.due(T0, H0 + 3, T0 + 10_000, H0 + 7)).singleElement()
        .satisfies(t -> assertThat(t.height()).isEqualTo(H0 + 3));

    Crons b = new Crons(Crons.parse(tags("Cron-Interval", "2-blocks")), T0, H0);
    List<Crons.Tick> blocks = b.due(T0 + 5, H0, T0 + 9, H0 + 5);
    assertThat(blocks).extracting(Crons.Tick::height).containsExactly(H0 + 2, H0 + 4);
    assertThat(blocks).extracting(Crons.Tick::timestamp).containsOnly(T0 + 5);
    assertThat(keys(b.due(T0, H0 + 4, T0, H0 + 6))).isEqualTo("0:3-2-blocks");
  }

  @Test
  void blockTicksComeFirstThenTimeTicksByTimeFinerIntervalFirstThenDeclarationOrder() {
    Crons c = new Crons(Crons.parse(tags("Cron-Interval", "5-seconds", "Cron-Interval", "2-seconds",
        "Cron-Interval", "3-blocks", "Cron-Interval", "2-seconds", "Cron-Interval", "1-block")), T0, H0);
    List<Crons.Tick> due = c.due(T0, H0, T0 + 10_000, H0 + 3);
    assertThat(keys(due)).isEqualTo(String.join(" ",
        "4:1-1-block", "4:2-1-block", "2:1-3-blocks", "4:3-1-block",
        "1:1-2-seconds", "3:1-2-seconds", "1:2-2-seconds", "3:2-2-seconds", "0:1-5-seconds",
        "1:3-2-seconds", "3:3-2-seconds", "1:4-2-seconds", "3:4-2-seconds",
        "1:5-2-seconds", "3:5-2-seconds", "0:2-5-seconds"));
  }

  final List<String> observed = new ArrayList<>();
  final Schedules f = new Schedules(Schedules.WITH_TICKS, new FoldObserver() {
    @Override
    public void cronEvaluated(String processId, long nonce, long nanos, @Nullable String errorCode) {
      observed.add(nonce + ":" + errorCode);
    }
  });

  private static String code(Result r) {
    return r.getError() == null ? "ok" : r.getError().getCode();
  }

  /**
   * Boots {@code p} at {@link #T0}/{@link #H0}, sends it one message with {@code Action: action}
   * {@code ms} and {@code blocks} later, and commits; returns the process's chain.
   */
  private Schedules.Chain bootThenMessage(DataItem p, long ms, long blocks, String action) {
    Schedules.Chain c = f.chain(p);
    f.send(0, c.at(T0, H0).boot(p));
    f.send(0, c.at(T0 + ms, H0 + blocks).msg(f.message(c.pid, "Action", action)));
    f.driver.commit();
    return c;
  }

  @Test
  void ticksAreEvaluatedBeforeTheNextScheduledItemWithThePreviousOrdinateAndACronKey() {
    DataItem p = f.process("tick@1", "Cron-Interval", "10-seconds", "Cron-Tag-Action", "Tick");
    Schedules.Chain c = bootThenMessage(p, 25_000, 1, "Note");
    f.send(0, c.at(T0 + 40_000, H0 + 2).msg(f.message(c.pid, "Action", "Note")));
    f.send(0, c.at(T0 + 41_000, H0 + 2).msg(f.message(c.pid, "Action", "Note")));
    f.driver.commit();

    List<Result> rs = f.results(c.pid);
    assertThat(rs).extracting(r -> r.getNonce() + (r.getCron() == null ? "" : " " + r.getCron())).containsExactly(
        "0", "0 0:1-10-seconds", "0 0:2-10-seconds", "1", "1 0:3-10-seconds", "1 0:4-10-seconds", "2", "3");
    assertThat(rs).extracting(CronTest::code).containsOnly("ok");
    Result first = rs.get(1);
    assertThat(first.getMessageId()).isEqualTo(FoldProcessor.cronItemId(c.pid, 0, "0:1-10-seconds"));
    assertThat(first.getAssignmentId()).isEqualTo(rs.get(0).getAssignmentId());
    assertThat(first.getOutput()).isEqualTo("tick 1 Tick from " + c.pid + " nonce 0");
    assertThat(rs.get(4).getAssignmentId()).isEqualTo(rs.get(3).getAssignmentId());
    assertThat(rs.stream().map(Result::getMessageId).distinct()).hasSize(rs.size());
    ProcessFold fold = f.fold(0, c.pid);
    assertThat(fold.state().get(TickModule.TICKS)).isEqualTo(4L);
    assertThat(fold.state().get(TickModule.LOG)).isEqualTo(String.join(",", "Tick@" + (T0 + 10_000) + "/" + H0,
        "Tick@" + (T0 + 20_000) + "/" + H0, "note", "Tick@" + (T0 + 30_000) + "/" + (H0 + 1),
        "Tick@" + (T0 + 40_000) + "/" + (H0 + 1), "note", "note"));
    assertThat(observed).containsExactly("0:null", "0:null", "1:null", "1:null");
  }

  @Test
  void aTickSeesTheCronTagsAndComesFromTheProcessItself() {
    List<Tag> seen = new ArrayList<>();
    List<String> from = new ArrayList<>();
    ProcessModule spy = new ProcessModule() {
      @Override
      public String name() {
        return "spy";
      }

      @Override
      public String version() {
        return "1";
      }

      @Override
      public void boot(ModuleContext ctx) {}

      @Override
      public void handle(ModuleContext ctx) {
        if (ctx.cron()) {
          seen.addAll(ctx.tags());
          from.add(ctx.from());
          from.add(ctx.owner());
          assertThat(ctx.assigned()).isFalse();
        } else {
          from.add("not a cron: " + ctx.tag("Cron").orElse("-"));
        }
      }
    };
    Schedules g = new Schedules(s -> s.withModules(ModuleRegistry.of(spy)));
    DataItem p = g.process("spy@1", "Cron-Interval", "1-minute", "Cron-Tag-Action", "Poll", "Cron-Tag-Feed", "f1");
    Schedules.Chain c = g.chain(p);
    g.send(0, c.at(T0, H0).boot(p));
    g.send(0, c.at(T0 + 60_000, H0 + 4).msg(g.message(c.pid, "Cron", "true"))); // a forged tag is no tick
    g.driver.commit();

    assertThat(seen).extracting(t -> t.getName() + "=" + t.getValue()).containsExactly("Type=Message", "Cron=true",
        "Timestamp=" + (T0 + 60_000), "Block-Height=" + H0, "Action=Poll", "Feed=f1");
    assertThat(from).containsExactly(c.pid, c.pid, "not a cron: true");
  }

  @Test
  void blockCronsTickByHeightBeforeTimeCrons() {
    DataItem p = f.process("tick@1", "Cron-Interval", "1-minute", "Cron-Tag-Action", "Time",
        "Cron-Interval", "2-blocks", "Cron-Tag-Action", "Block");
    Schedules.Chain c = bootThenMessage(p, 60_000, 4, "Note");

    assertThat(f.results(c.pid)).extracting(Result::getCron)
        .containsExactly(null, "1:1-2-blocks", "1:2-2-blocks", "0:1-1-minute", null);
    assertThat(f.fold(0, c.pid).state().get(TickModule.LOG)).isEqualTo("Block@" + T0 + "/" + (H0 + 2) + ",Block@"
        + T0 + "/" + (H0 + 4) + ",Time@" + (T0 + 60_000) + "/" + H0 + ",note");
  }

  @Test
  void aFailingTickIsAnErrorResultThatKeepsTheStateAndLaterTicksGoOn() {
    DataItem p = f.process("tick@1", "Cron-Interval", "1-second", "Cron-Tag-Action", "Fail",
        "Cron-Interval", "2-seconds", "Cron-Tag-Action", "Send");
    Schedules.Chain c = bootThenMessage(p, 2_000, 0, "Note");

    List<Result> rs = f.results(c.pid);
    assertThat(rs).extracting(r -> r.getCron() + ":" + code(r)).containsExactly("null:ok", "0:1-1-second:TICK_FAILED",
        "0:2-1-second:TICK_FAILED", "1:1-2-seconds:ok", "null:ok");
    assertThat(rs.get(1).getError().getMessage()).contains(FoldProcessor.cronItemId(c.pid, 0, "0:1-1-second"));
    assertThat(rs.get(3).getMessages()).singleElement()
        .satisfies(m -> assertThat(m.getTarget()).isEqualTo(c.pid));
    assertThat(f.fold(0, c.pid).state().get(TickModule.TICKS)).as("failed ticks changed nothing").isEqualTo(1L);
    assertThat(observed).containsExactly("0:TICK_FAILED", "0:TICK_FAILED", "0:null");
  }

  @Test
  void aCronTagBeforeAnyIntervalMakesTheBootAnErrorButTheProcessStaysUsable() {
    DataItem p = f.process("counter@1", "Cron-Tag-Action", "Increment", "Cron-Interval", "1-second");
    Schedules.Chain c = bootThenMessage(p, 5_000, 0, "Increment");

    List<Result> rs = f.results(c.pid);
    assertThat(rs).extracting(Result::getNonce).containsExactly(0L, 1L);
    assertThat(code(rs.get(0))).isEqualTo("BAD_CRON");
    assertThat(rs.get(0).getError().getMessage()).contains("Cron-Tag-Action");
    assertThat(rs.get(1).getError()).isNull();
    assertThat(rs.get(1).getOutput()).isEqualTo("1");
  }

  @Test
  void theExampleModulesIgnoreTicks() {
    DataItem p = f.process("counter@1", "Cron-Interval", "1-second", "Cron-Tag-Action", "Increment");
    Schedules.Chain c = bootThenMessage(p, 2_000, 0, "Get");

    assertThat(f.results(c.pid)).extracting(r -> r.getCron() + ":" + r.getOutput()).containsExactly(
        "null:booted with count 0", "0:1-1-second:cron tick ignored", "0:2-1-second:cron tick ignored", "null:0");
  }

  @Test
  void ticksSurviveARestoreFromACheckpoint() {
    DataItem p = f.process("tick@1", "Cron-Interval", "10-seconds", "Cron-Tag-Action", "Tick");
    Schedules.Chain c = bootThenMessage(p, 15_000, 0, "Note");
    f.driver.crash();
    f.send(0, c.at(T0 + 30_000, H0).msg(f.message(c.pid, "Action", "Note")));
    f.driver.commit();

    assertThat(f.results(c.pid)).extracting(Result::getCron)
        .containsExactly(null, "0:1-10-seconds", null, "0:2-10-seconds", "0:3-10-seconds", null);
    assertThat(f.fold(0, c.pid).state().get(TickModule.TICKS)).isEqualTo(3L);
    assertThat(DataItems.id(p)).isEqualTo(c.pid);
  }

  @Test
  void aLongGapKeepsTheLatestTicksUpToTheCapAndCountsTheRest() {
    Crons c = new Crons(Crons.parse(tags("Cron-Interval", "1-seconds")), T0, H0);
    Crons.Window w = c.window(T0, H0, T0 + 3_600_000, H0, 1000);
    assertThat(w.ticks()).hasSize(1000);
    assertThat(w.skipped()).isEqualTo(2600);
    assertThat(w.ticks().getFirst().timestamp()).isEqualTo(T0 + 2_601_000);
    assertThat(w.ticks().getLast().timestamp()).isEqualTo(T0 + 3_600_000);
  }
}
