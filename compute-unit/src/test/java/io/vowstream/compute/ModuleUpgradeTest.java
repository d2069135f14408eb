package io.vowstream.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.flow.async.AsyncFlow;
import io.vowstream.flow.vow.Vow;
import io.vowstream.schemas.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upgrade-Module by the owner while transfer flows wait: compatible, incompatible, then fixed code. */
class ModuleUpgradeTest {

  /** token code under another version, with its own transfer flow body. */
  record TokenVersion(String version, ModuleFlows.FlowBody transfer) implements ProcessModule {
    private static final TokenModule CODE = new TokenModule();

    @Override
    public String name() {
      return "token";
    }

    @Override
    public void boot(ModuleContext ctx) {
      CODE.boot(ctx);
    }

    @Override
    public void handle(ModuleContext ctx) {
      CODE.handle(ctx);
    }

    @Override
    public void defineFlows(ModuleFlows flows) {
      flows.define(TokenModule.TRANSFER, transfer);
    }
  }

  /** The same calls as token@1, a different outcome text: compatible with its logs. */
  static final TokenVersion COMPATIBLE = new TokenVersion("2", (ctx, host, args) -> {
    Object done = TokenModule.transferFlow(ctx, host, args);
    return "v2: " + done;
  });

  /** Reads the reserve before the balance: its first call differs from every token@1 log. */
  static final TokenVersion INCOMPATIBLE = new TokenVersion("3", (ctx, host, args) -> {
    host.get(TokenModule.RESERVED);
    return TokenModule.transferFlow(ctx, host, args);
  });

  /** token@1's flow again under a new version: repairs what token@3 broke. */
  static final TokenVersion FIXED = new TokenVersion("4", TokenModule::transferFlow);

  /** token code without the transfer flow: it cannot take over a zone whose transfers wait. */
  static final ProcessModule FLOWLESS = new ProcessModule() {
    @Override public String name() { return "token"; }
    @Override public String version() { return "5"; }
    @Override public void boot(ModuleContext ctx) { new TokenModule().boot(ctx); }
    @Override public void handle(ModuleContext ctx) { new TokenModule().handle(ctx); }
  };

  final Schedules g = new Schedules(s -> s.withModules(ModuleRegistry.of(new CounterModule(), new TokenModule(),
      COMPATIBLE, INCOMPATIBLE, FIXED, FLOWLESS)));
  final Messenger mu = new Messenger(g);

  private static String output(Result r) {
    return String.valueOf(r.getOutput());
  }

  private static String errorCode(Result r) {
    return r.getError() == null ? "none" : r.getError().getCode();
  }

  private FoldView.ProcessView view(String pid) {
    return g.processor().process(pid).orElseThrow();
  }

  @Test
  void onlyTheOwnerMayUpgradeAndOnlyToAKnownModule() {
    Schedules.Chain a = mu.spawn(g.token(10), 0);
    g.driver.commit();
    byte[] before = g.fold(0, a.pid).snapshot();
    mu.deliver(a.pid, g.message(Schedules.OTHER, a.pid, "Action", "Upgrade-Module", "Module", "token@2"));
    mu.user(a.pid, "Action", "Upgrade-Module", "Module", "token@9");
    mu.user(a.pid, "Action", "Upgrade-Module");
    g.driver.commit();

    assertThat(g.results(a.pid).subList(1, 4)).extracting(ModuleUpgradeTest::errorCode)
        .containsExactly("NOT_OWNER", "UNKNOWN_MODULE", "MISSING_MODULE");
    assertThat(g.results(a.pid).get(1).getError().getMessage()).contains(Schedules.OTHER.address());
    assertThat(view(a.pid).module()).isEqualTo("token@1");
    assertThat(g.fold(0, a.pid).snapshot()).isEqualTo(before);
  }

  @Test
  void compatibleCodeFinishesWaitingTransfersEvenAfterACrash() {
    Schedules.Chain a = mu.spawn(g.token(10), 0);
    Schedules.Chain b = mu.spawn(g.token(0), 1);
    g.driver.commit();
    mu.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "4");
    g.driver.commit();
    mu.user(a.pid, "Action", "Upgrade-Module", "Module", "token@2");
    g.driver.commit();

    Result upgraded = g.results(a.pid).getLast();
    assertThat(errorCode(upgraded)).isEqualTo("none");
    assertThat(output(upgraded)).isEqualTo("upgraded from token@1 to token@2; live flows: 1");
    assertThat(view(a.pid).module()).isEqualTo("token@2");
    assertThat(view(a.pid).flowsByState()).isEqualTo(Map.of("Running", 1));
    Vow<Object> outcome = watchOutcome(a.pid);

    g.driver.crash(); // the checkpoint names token@2, whose flows are defined on restore
    assertThat(view(a.pid).module()).isEqualTo("token@2");
    mu.settle();

    assertThat(view(a.pid).state()).containsEntry(TokenModule.BALANCE, 6L).containsEntry(TokenModule.RESERVED, 0L);
    assertThat(view(b.pid).state()).containsEntry(TokenModule.BALANCE, 4L);
    assertThat(view(a.pid).flowsByState()).isEmpty();
    assertThat(outcome).isNotNull();
  }

  @Test
  void incompatibleCodeFailsWaitingTransfersWithTheirLogsKeptAndAFixedVersionRepairsThem() {
    Schedules.Chain a = mu.spawn(g.token(10), 0);
    Schedules.Chain b = mu.spawn(g.token(0), 1);
    g.driver.commit();
    mu.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "3");
    g.driver.commit();
    mu.user(a.pid, "Action", "Upgrade-Module", "Module", "token@3");
    g.driver.commit();

    Result broken = g.results(a.pid).getLast();
    assertThat(errorCode(broken)).isEqualTo("none");
    assertThat(output(broken)).startsWith("upgraded from token@1 to token@3; live flows: 1; failed flows: transfer: ")
        .contains("replay");
    assertThat(view(a.pid).flowsByState()).isEqualTo(Map.of("Failed", 1));
    ProcessFold fold = g.fold(0, a.pid);
    assertThat(fold.flows().admin().getFailures()).hasSize(1);
    AsyncFlow failed = fold.liveFlows().getFirst();
    assertThat(failed.dump()).isNotEmpty(); // the log is kept for a repair

    // the credit goes through and its acknowledgement arrives while the flow is failed
    mu.settle();
    assertThat(view(a.pid).state()).containsEntry(TokenModule.RESERVED, 3L);
    assertThat(view(a.pid).flowsByState()).isEqualTo(Map.of("Failed", 1));
    assertThat(view(b.pid).state()).containsEntry(TokenModule.BALANCE, 3L);

    mu.user(a.pid, "Action", "Upgrade-Module", "Module", "token@4");
    g.driver.commit();

    assertThat(output(g.results(a.pid).getLast())).isEqualTo("upgraded from token@3 to token@4; live flows: 0");
    assertThat(view(a.pid).flowsByState()).isEmpty();
    assertThat(view(a.pid).state()).containsEntry(TokenModule.BALANCE, 7L).containsEntry(TokenModule.RESERVED, 0L);
    assertThat(g.fold(0, a.pid).failures()).isEmpty();
  }

  @Test
  void codeThatDoesNotDefineAWaitingFlowIsRefusedAndTheOldModuleStays() {
    Schedules.Chain a = mu.spawn(g.token(10), 0);
    Schedules.Chain b = mu.spawn(g.token(0), 1);
    g.driver.commit();
    mu.user(a.pid, "Action", "Transfer", "Recipient", b.pid, "Quantity", "2");
    g.driver.commit();
    mu.user(a.pid, "Action", "Upgrade-Module", "Module", "token@5");
    g.driver.commit();

    Result refused = g.results(a.pid).getLast();
    assertThat(errorCode(refused)).isEqualTo("UPGRADE_REFUSED");
    assertThat(refused.getError().getMessage()).contains("token@5").contains("transfer");
    assertThat(view(a.pid).module()).isEqualTo("token@1");
    mu.settle();
    assertThat(view(a.pid).state()).containsEntry(TokenModule.BALANCE, 8L).containsEntry(TokenModule.RESERVED, 0L);
    assertThat(view(b.pid).state()).containsEntry(TokenModule.BALANCE, 2L);
  }

  private Vow<Object> watchOutcome(String pid) {
    List<AsyncFlow> live = g.fold(0, pid).liveFlows();
    assertThat(live).hasSize(1);
    return live.getFirst().getOutcome();
  }
}
