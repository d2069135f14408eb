package io.vowstream.dataitem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeepHashTest {
  // Expected values were computed once with a ten-line python3 hashlib script implementing the
  // definition independently (blob: sha384(sha384("blob"+len) + sha384(b)); list: fold from
  // sha384("list"+count)), and agreed with arbundles 0.11.2's deepHash for the same inputs.

  @Test
  void emptyBlob() {
    assertHash(DeepHash.blob(new byte[0]),
        "fbf00cc444f5fea9dc3bedf62a13fba8ae87e7445fc910567a23bec4eb82fadb1143c433069314d8362983dc3c2e4a38");
  }

  @Test
  void shortBlob() {
    assertHash(DeepHash.blob("abc"),
        "71115a30152ebcffb6defbb643abc8ef76f01fe323f1d62340646085960f6e347cb2d8e9a46ddee655b3012c6131d4e0");
  }

  @Test
  void blobWithMultiDigitLength() {
    byte[] bytes = TestKeys.filled(1000, 0xff);
    assertHash(DeepHash.blob(bytes),
        "f58fd3006b90af0ebd1f40fd4950e77ed643a98963b0eb267c4b3252a9df4c6ffc853e86149529ce20c1702a9ab87fc0");
  }

  @Test
  void emptyList() {
    assertHash(DeepHash.list(List.of()),
        "a69e7d37fdc7f040a9ec16aae84de24fab4a653dac4de0bd247e36bab9fe45d9289c5a04a893c95285812f5cefc9707a");
  }

  @Test
  void nestedList() {
    assertHash(
        DeepHash.list(DeepHash.blob("a"), DeepHash.list(DeepHash.blob("b"), DeepHash.blob("c")),
            DeepHash.blob(new byte[0])),
        "041610a481af67a00b33e0e2197bf20e92747db97a47197e2181648ea1f571d7d11537859258d953eebf88a170abccb0");
  }

  @Test
  void shapeIsPartOfTheHash() {
    byte[] flat = DeepHash.hash(DeepHash.list(DeepHash.blob("ab")));
    byte[] split = DeepHash.hash(DeepHash.list(DeepHash.blob("a"), DeepHash.blob("b")));
    byte[] nested = DeepHash.hash(DeepHash.list(DeepHash.list(DeepHash.blob("ab"))));
    byte[] bare = DeepHash.hash(DeepHash.blob("ab"));
    assertThat(List.of(flat, split, nested, bare)).doesNotHaveDuplicates()
        .allSatisfy(hash -> assertThat(hash).hasSize(DeepHash.LENGTH));
    assertThat(flat).isNotEqualTo(split).isNotEqualTo(nested).isNotEqualTo(bare);
  }

  @Test
  void orderMatters() {
    assertThat(DeepHash.hash(DeepHash.list(DeepHash.blob("a"), DeepHash.blob("b"))))
        .isNotEqualTo(DeepHash.hash(DeepHash.list(DeepHash.blob("b"), DeepHash.blob("a"))));
  }

  @Test
  void blobsCopyTheirBytes() {
    byte[] bytes = {1, 2, 3};
    DeepHash.Chunk chunk = DeepHash.blob(bytes);
    byte[] before = DeepHash.hash(chunk);
    bytes[0] = 9;
    assertThat(DeepHash.hash(chunk)).isEqualTo(before);
    assertThat(chunk).isEqualTo(DeepHash.blob(new byte[] {1, 2, 3}))
        .isNotEqualTo(DeepHash.blob(bytes));
    assertThat(((DeepHash.Blob) chunk).bytes()).containsExactly(1, 2, 3);
  }

  private static void assertHash(DeepHash.Chunk chunk, String hex) {
    assertThat(HexFormat.of().formatHex(DeepHash.hash(chunk))).isEqualTo(hex);
  }
}
