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

    private final ParquetBulkWriterFactory<LakeTrade> factory = new ParquetBulkWriterFactory<>(LakeRows.TRADES);

    @Test
    void aPartFileHoldsTheRowsExactlyAndNoByteOrderStatisticsForDecimalText(@TempDir Path dir) throws Exception {
        Path file = write(
                dir.resolve("part-0.parquet"),
                new LakeTrade("SPY", 1_381_152_600_000L, 0, new BigDecimal("169.51"), BigDecimal.TEN),
                new LakeTrade("SPY", 1_381_152_600_001L, 1, new BigDecimal("9.000001"), new BigDecimal("0.5")));

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
    void filesWrittenOneAfterAnotherByOneFactoryEachHoldTheirOwnRows(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 3; i++) {
            Path file = write(
                    dir.resolve("part-" + i + ".parquet"),
                    new LakeTrade("SPY", 1_381_152_600_000L + i, i, new BigDecimal("1" + i + ".5"), BigDecimal.ONE));
            assertThat(rows("SELECT seq, price FROM read_parquet('" + file + "')"))
                    .containsExactly(List.of(String.valueOf(i), "1" + i + ".5"));
        }
    }

    private Path write(Path file, LakeTrade... trades) throws Exception {
        try (FSDataOutputStream out = LocalFileSystem.getSharedInstance()
                .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<LakeTrade> writer = factory.create(out);
            for (LakeTrade t : trades) {
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
