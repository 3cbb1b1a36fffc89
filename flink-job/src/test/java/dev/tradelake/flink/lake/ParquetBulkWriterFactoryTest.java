package dev.tradelake.flink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetBulkWriterFactoryTest {

    private final ParquetBulkWriterFactory<LakeTradeRows> factory = new ParquetBulkWriterFactory<>(LakeRows.TRADES);

    @Test
    void aPartFileHoldsTheRowsExactlyAndNoByteOrderStatisticsForDecimalText(@TempDir Path dir) throws Exception {
        Path file = write(
                dir.resolve("part-0.parquet"),
                LakeTradeRows.of("SPY", 1_381_152_600_000L, 0, new BigDecimal("169.51"), BigDecimal.TEN),
                LakeTradeRows.of("SPY", 1_381_152_600_001L, 1, new BigDecimal("9.000001"), new BigDecimal("0.5")));

        assertThat(rows("SELECT epoch_ms(t), seq, price, volume FROM read_parquet('" + file + "') ORDER BY seq"))
                .containsExactly(
                        List.of("1381152600000", "0", "169.51", "10"),
                        List.of("1381152600001", "1", "9.000001", "0.5"));
        assertThat(rows("SELECT path_in_schema, stats_min IS NOT NULL FROM parquet_metadata('" + file
                        + "') ORDER BY column_id"))
                .containsExactly(
                        List.of("t", "true"),
                        List.of("seq", "true"),
                        List.of("price", "false"),
                        List.of("volume", "false"));
    }

    @Test
    void anElementWritesItsRangeOfRowsOnly(@TempDir Path dir) throws Exception {
        long t0 = 1_381_152_600_000L;
        Path file = write(
                dir.resolve("part-0.parquet"),
                new LakeTradeRows(
                        "SPY",
                        new long[] {t0, t0 + 1, t0 + 2, t0 + 3},
                        new int[] {0, 1, 2, 3},
                        new BigDecimal[] {BigDecimal.ONE, new BigDecimal("2.50"), new BigDecimal("3"), BigDecimal.TEN},
                        new BigDecimal[] {BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("100"), BigDecimal.ONE},
                        1,
                        3));

        assertThat(rows("SELECT seq, price, volume FROM read_parquet('" + file + "') ORDER BY seq"))
                .containsExactly(List.of("1", "2.5", "1"), List.of("2", "3", "100"));
    }

    @Test
    void filesWrittenOneAfterAnotherByOneFactoryEachHoldTheirOwnRows(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 3; i++) {
            Path file = write(
                    dir.resolve("part-" + i + ".parquet"),
                    LakeTradeRows.of("SPY", 1_381_152_600_000L + i, i, new BigDecimal("1" + i + ".5"), BigDecimal.ONE));
            assertThat(rows("SELECT seq, price FROM read_parquet('" + file + "')"))
                    .containsExactly(List.of(String.valueOf(i), "1" + i + ".5"));
        }
    }

    private Path write(Path file, LakeTradeRows... trades) throws Exception {
        try (FSDataOutputStream out = LocalFileSystem.getSharedInstance()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<LakeTradeRows> writer = factory.create(out);
            for (LakeTradeRows t : trades) {
                writer.addElement(t);
            }
            writer.finish();
        }
        return file;
    }

    private static List<List<String>> rows(String sql) throws Exception {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
