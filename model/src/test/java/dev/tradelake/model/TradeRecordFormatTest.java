package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradelake.model.TradeRecordFormat.Decoded;
import dev.tradelake.model.TradeRecordFormat.MalformedRecordException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TradeRecordFormatTest {

    static final long INGEST = 1_700_000_000_123L;
    static final String GOOD_ROW = "[1381132800465,0,167.41,1400,1700000000123,['12','37']]";
    static final Trade GOOD_TRADE = new Trade("SPY", 1381132800465L, 0, 167.41, 1400, List.of("12", "37"), INGEST);

    static byte[] bytes(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    static String record(String... rows) {
        return "{'v':1,'s':'SPY','trades':[" + String.join(",", rows) + "]}";
    }

    static Decoded decode(String singleQuoted) throws MalformedRecordException {
        return TradeRecordFormat.decode(bytes(singleQuoted));
    }

    static Rejection refused(String singleQuoted) {
        try {
            Decoded decoded = decode(singleQuoted);
            throw new AssertionError("decoded " + decoded + " from " + singleQuoted);
        } catch (MalformedRecordException e) {
            assertThat(e.getMessage()).startsWith(e.rejection().reason().key() + ": ");
            return e.rejection();
        }
    }

    /** Decodes a record of [GOOD_ROW, row, GOOD_ROW]: the bad row is counted alone, the good ones kept. */
    static Rejection rejectedRow(String row) throws MalformedRecordException {
        Decoded decoded = decode(record(GOOD_ROW, row, GOOD_ROW));
        assertThat(decoded.trades()).as(row).containsExactly(GOOD_TRADE, GOOD_TRADE);
        assertThat(decoded.rejected()).as(row).hasSize(1);
        return decoded.rejected().get(0);
    }

    static Trade trade(String symbol, long time, int seq, double price, double volume, String... conditions) {
        return new Trade(symbol, time, seq, price, volume, List.of(conditions), INGEST + seq);
    }

    @Test
    void encodesTheDocumentedFormat() {
        assertThat(new String(TradeRecordFormat.encode(List.of(GOOD_TRADE)), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"v\":1,\"s\":\"SPY\",\"trades\":[[1381132800465,0,167.41,1400,1700000000123,[\"12\",\"37\"]]]}");
        assertThat(new String(TradeRecordFormat.encode(List.of(trade("BTC", 5, 2, 0.5, 0.25))), StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"s\":\"BTC\",\"trades\":[[5,2,0.5,0.25,1700000000125,[]]]}");
    }

    @Test
    void roundTrip() throws Exception {
        List<Trade> trades = List.of(
                GOOD_TRADE,
                trade("SPY", 1381132800465L, 1, 167.41, 100, "12"),
                trade("SPY", 1381132800465L, 2, 167.41, 100, "12"),
                trade("SPY", 1381132800466L, 0, 167.42, 0),
                trade("SPY", 1381132800467L, 0, 0.0001, 0.00012345, "1", "2", "3", "4"),
                trade("SPY", 0, TradeRules.MAX_SEQ, 1e-8, 123456789.125),
                trade("SPY", TradeRules.MAX_TIME_MS, 7, 612_345.25, 1e15),
                trade("SPY", 12, 3, Math.nextUp(167.41), 1e-130, "\"", "\u00e9\u20ac", ""));
        Decoded decoded = TradeRecordFormat.decode(TradeRecordFormat.encode(trades));
        assertThat(decoded.symbol()).isEqualTo("SPY");
        assertThat(decoded.rejected()).isEmpty();
        assertThat(decoded.trades()).containsExactlyElementsOf(trades);
        assertThat(decoded.trades().get(0).price()).isEqualTo(new BigDecimal("167.41"));
    }

    @Test
    void roundTripOfManyRandomTradesIsExact() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            List<Trade> trades = new ArrayList<>();
            long time = random.nextLong(TradeRules.MAX_TIME_MS - 1_000_000);
            for (int i = 0; i < TradeRecordFormat.MAX_TRADES; i++) {
                time += random.nextInt(3);
                double price = random.nextBoolean()
                        ? Math.round(random.nextDouble() * 100_000) / 100.0 + 0.01
                        : random.nextDouble() * 1e4 + Double.MIN_VALUE;
                double volume = random.nextBoolean() ? random.nextInt(10_000) : random.nextDouble();
                trades.add(new Trade(
                        "BINANCE:BTCUSDT",
                        time,
                        random.nextInt(TradeRules.MAX_SEQ + 1),
                        price,
                        volume,
                        random.nextBoolean() ? List.of() : List.of("c" + random.nextInt(10)),
                        random.nextLong()));
            }
            Decoded decoded = TradeRecordFormat.decode(TradeRecordFormat.encode(trades));
            assertThat(decoded.rejected()).isEmpty();
            assertThat(decoded.trades()).containsExactlyElementsOf(trades);
        }
    }

    @Test
    void aFullRecordOfRealisticTradesStaysFarBelowTheKinesisLimit() {
        List<Trade> trades = new ArrayList<>();
        String symbol = "BINANCE:" + "X".repeat(56); // the longest symbol the rules allow
        for (int i = 0; i < TradeRecordFormat.MAX_TRADES; i++) {
            trades.add(new Trade(
                    symbol,
                    9_999_999_999_999L - i,
                    999_999 - i,
                    43251.123456789 + i,
                    1234.56789012345 + i,
                    List.of("20002020", "37", "T"),
                    9_999_999_999_999L));
        }
        byte[] record = TradeRecordFormat.encode(trades);
        assertThat(record.length).isLessThan(TradeRecordFormat.MAX_RECORD_BYTES / 10);
        assertThat(record.length + symbol.length()).isLessThan(64 * 1024);
    }

    @Test
    void encodeRefusesAnEmptyList() {
        assertThatThrownBy(() -> TradeRecordFormat.encode(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodeRefusesMoreThanMaxTrades() {
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i <= TradeRecordFormat.MAX_TRADES; i++) {
            trades.add(trade("SPY", i, 0, 1, 1));
        }
        assertThatThrownBy(() -> TradeRecordFormat.encode(trades))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("501");
        assertThatCode(() -> TradeRecordFormat.encode(trades.subList(0, TradeRecordFormat.MAX_TRADES)))
                .doesNotThrowAnyException();
    }

    @Test
    void encodeRefusesMixedSymbols() {
        assertThatThrownBy(() -> TradeRecordFormat.encode(List.of(GOOD_TRADE, trade("BAC", 5, 0, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPY")
                .hasMessageContaining("BAC");
        assertThatThrownBy(() -> TradeRecordFormat.encode(List.of(GOOD_TRADE, GOOD_TRADE, trade("spy", 5, 0, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldsInAnyOrderAndUnknownFieldsIgnored() throws Exception {
        Decoded decoded = decode("{'x':{'v':2,'trades':5},'trades':[" + GOOD_ROW + "],'y':[[1],{'s':''}],"
                + "'s':'SPY','z':null,'v':1}");
        assertThat(decoded.symbol()).isEqualTo("SPY");
        assertThat(decoded.trades()).containsExactly(GOOD_TRADE);
        assertThat(decoded.rejected()).isEmpty();
    }

    @Test
    void emptyTradesArrayDecodesToNoTrades() throws Exception {
        Decoded decoded = decode(record());
        assertThat(decoded.trades()).isEmpty();
        assertThat(decoded.rejected()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'v':2,'s':'SPY','trades':[]}",
                "{'v':0,'s':'SPY','trades':[]}",
                "{'v':-1,'s':'SPY','trades':[]}",
                "{'v':'1','s':'SPY','trades':[]}",
                "{'v':1.0,'s':'SPY','trades':[]}",
                "{'v':null,'s':'SPY','trades':[]}",
                "{'v':[1],'s':'SPY','trades':[]}",
                "{'v':{'v':1},'s':'SPY','trades':[]}",
                "{'v':4294967297,'s':'SPY','trades':[]}",
                "{'v':99999999999999999999999,'s':'SPY','trades':[]}",
                "{'s':'SPY','trades':[]}"
            })
    void wrongOrMissingVersion(String text) {
        Rejection r = refused(text);
        assertThat(r.reason()).isEqualTo(RejectReason.BAD_RECORD);
        assertThat(r.detail()).contains("version");
    }

    @Test
    void missingVersionIsNamed() {
        assertThat(refused("{'s':'SPY','trades':[]}").detail()).contains("missing");
        assertThat(refused("{'v':2,'s':'SPY','trades':[]}").detail()).contains("2");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'v':1,'s':'SPY'}",
                "{'v':1,'s':'SPY','trades':null}",
                "{'v':1,'s':'SPY','trades':{}}",
                "{'v':1,'s':'SPY','trades':5}",
                "{'v':1,'s':'SPY','trades':'[]'}"
            })
    void missingOrNonArrayTrades(String text) {
        assertThat(refused(text).reason()).isEqualTo(RejectReason.BAD_RECORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{'v':1,'s':'SPY','trades':[]}]", "'SPY'", "1", "null", "true"})
    void notAnObject(String text) {
        assertThat(refused(text).reason()).isEqualTo(RejectReason.BAD_RECORD);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{",
                "{'v':1",
                "{'v':1,'s':'SPY','trades':[",
                "{'v':1,'s':'SPY','trades':[[1,0",
                "{'v':1,'s':'SPY','trades':[]",
                "{v:1}",
                "{'v':1,}",
                "{'v':1,'s':'SPY','trades':[]} x",
                "{'v':1,'s':'SPY','trades':[]}{}",
                "{'v':1,'s':'SPY','trades':[]}]",
                "{'v':1,'s':'SPY','trades':[[1,0,NaN,1,1,[]]]}",
                "\u00ff\u00fe"
            })
    void brokenJson(String text) {
        assertThat(refused(text).reason()).as(text).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void nestingPastTheLimitIsMalformed() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        assertThat(refused("{'v':1,'s':'SPY','x':" + deep + ",'trades':[]}").reason())
                .isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void oversizedRecord() {
        byte[] big = new byte[TradeRecordFormat.MAX_RECORD_BYTES + 1];
        Arrays.fill(big, (byte) ' ');
        MalformedRecordException e = org.junit.jupiter.api.Assertions.assertThrows(
                MalformedRecordException.class, () -> TradeRecordFormat.decode(big));
        assertThat(e.rejection().reason()).isEqualTo(RejectReason.OVERSIZED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'v':1,'trades':[]}",
                "{'v':1,'s':'','trades':[]}",
                "{'v':1,'s':5,'trades':[]}",
                "{'v':1,'s':null,'trades':[]}",
                "{'v':1,'s':['SPY'],'trades':[]}",
                "{'v':1,'s':{'s':'SPY','trades':[]},'trades':[]}"
            })
    void badSymbol(String text) {
        Rejection r = refused(text);
        assertThat(r.reason()).isEqualTo(RejectReason.BAD_RECORD);
        assertThat(r.detail()).startsWith("s ");
    }

    @Test
    void symbolLengthLimits() throws Exception {
        assertThat(decode("{'v':1,'s':'" + "S".repeat(64) + "','trades':[]}").symbol())
                .hasSize(64);
        assertThat(refused("{'v':1,'s':'" + "S".repeat(65) + "','trades':[]}").reason())
                .isEqualTo(RejectReason.BAD_RECORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "5", "'row'", "{}", "{'t':1381132800465}", "true"})
    void rowThatIsNotAnArray(String row) throws Exception {
        assertThat(rejectedRow(row).reason()).isEqualTo(RejectReason.ENTRY_NOT_OBJECT);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[]",
                "[1381132800465]",
                "[1381132800465,0,167.41,1400,1700000000123]",
                "[1381132800465,0,167.41,1400,1700000000123,[],5]",
                "[1381132800465,0,167.41,1400,1700000000123,['12'],{'x':[1,[2]]}]",
                "[1381132800465,0,167.41,1400,1700000000123,[],[]]"
            })
    void rowOfWrongArity(String row) throws Exception {
        assertThat(rejectedRow(row).reason()).isEqualTo(RejectReason.BAD_RECORD);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[1381132800465,-1,167.41,1400,1700000000123,[]]",
                "[1381132800465,1000000,167.41,1400,1700000000123,[]]",
                "[1381132800465,'0',167.41,1400,1700000000123,[]]",
                "[1381132800465,0.0,167.41,1400,1700000000123,[]]",
                "[1381132800465,null,167.41,1400,1700000000123,[]]",
                "[1381132800465,99999999999999999999,167.41,1400,1700000000123,[]]",
                "[1381132800465,0,167.41,1400,'1700000000123',[]]",
                "[1381132800465,0,167.41,1400,1.5,[]]",
                "[1381132800465,0,167.41,1400,null,[]]",
                "[1381132800465,0,167.41,1400,{'a':[1,2]},[]]",
                "[1381132800465,0,167.41,1400,1700000000123,null]",
                "[1381132800465,0,167.41,1400,1700000000123,'12']",
                "[1381132800465,0,167.41,1400,1700000000123,[12]]",
                "[1381132800465,0,167.41,1400,1700000000123,[null]]",
                "[1381132800465,0,167.41,1400,1700000000123,['a',['b']]]",
                "[1381132800465,0,167.41,1400,1700000000123,{'c':['12']}]",
                "[1381132800465,0,167.41,1400,1700000000123,{'a':[[1],{'b':[]}]}]",
                "[1381132800465,0,167.41,1400,1700000000123,{}]"
            })
    void rowWithBadSeqIngestTimeOrConditions(String row) throws Exception {
        assertThat(rejectedRow(row).reason()).isEqualTo(RejectReason.BAD_RECORD);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "['1381132800465',0,167.41,1400,1700000000123,[]]",
                "[1381132800465.0,0,167.41,1400,1700000000123,[]]",
                "[null,0,167.41,1400,1700000000123,[]]",
                "[99999999999999999999,0,167.41,1400,1700000000123,[]]",
                "[-1,0,167.41,1400,1700000000123,[]]",
                "[{'t':[1]},0,167.41,1400,1700000000123,[]]",
                "[[1381132800465],0,167.41,1400,1700000000123,[]]"
            })
    void rowWithBadTime(String row) throws Exception {
        assertThat(rejectedRow(row).reason()).isEqualTo(RejectReason.BAD_TIME);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[1381132800465,0,'167.41',1400,1700000000123,[]]",
                "[1381132800465,0,0,1400,1700000000123,[]]",
                "[1381132800465,0,-1,1400,1700000000123,[]]",
                "[1381132800465,0,null,1400,1700000000123,[]]",
                "[1381132800465,0,{'p':[167.41]},1400,1700000000123,[]]",
                "[1381132800465,0,[167.41,[1]],1400,1700000000123,[]]"
            })
    void rowWithBadPrice(String row) throws Exception {
        assertThat(rejectedRow(row).reason()).isEqualTo(RejectReason.BAD_PRICE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[1381132800465,0,167.41,-1,1700000000123,[]]",
                "[1381132800465,0,167.41,'1400',1700000000123,[]]",
                "[1381132800465,0,167.41,null,1700000000123,[]]",
                "[1381132800465,0,167.41,{},1700000000123,[]]"
            })
    void rowWithBadVolume(String row) throws Exception {
        assertThat(rejectedRow(row).reason()).isEqualTo(RejectReason.BAD_VOLUME);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[1381132800465,0,1e999,1400,1700000000123,[]]",
                "[1381132800465,0,167.41,1e999,1700000000123,[]]",
                "[1381132800465,0,1e200,1,1700000000123,[]]",
                "[1381132800465,0,1,1e-131,1700000000123,[]]"
            })
    void rowWithANumberDynamoDbCannotStore(String row) throws Exception {
        assertThat(rejectedRow(row).reason()).isEqualTo(RejectReason.NUMBER_OUT_OF_RANGE);
    }

    @Test
    void decimalsKeepTheirDigits() throws Exception {
        Trade t = TradeRecordFormat.decode(
                        "{\"v\":1,\"s\":\"X\",\"trades\":[[5,0,0.1,1e-8,6,[]]]}".getBytes(StandardCharsets.UTF_8))
                .trades()
                .get(0);
        assertThat(t.price()).isEqualTo(new BigDecimal("0.1"));
        assertThat(t.volume()).isEqualByComparingTo("0.00000001");
        assertThat(new String(TradeRecordFormat.encode(List.of(t)), StandardCharsets.UTF_8))
                .contains(",0.1,0.00000001,");
    }

    @Test
    void badRowsAmongGoodRowsAreCountedEachAndTheGoodOnesKept() throws Exception {
        Decoded decoded = decode(record(
                GOOD_ROW,
                "null",
                "[1381132800465,1,0,1400,1700000000123,[]]",
                "[1381132800465,2,167.41,1400,1700000000123,{'a':[[1],{'b':']'}]}]",
                "[1381132800465,3,167.41,1400,1700000000123,['x']]",
                "[1381132800465,4,{'p':[1,2,{'q':[]}]},1400,1700000000123,[]]",
                "[1381132800465,5,167.41,-1,1700000000123,[]]",
                "[1381132800465,6,167.41,0,1700000000123,[]]"));
        assertThat(decoded.trades())
                .containsExactly(
                        GOOD_TRADE,
                        new Trade("SPY", 1381132800465L, 3, 167.41, 1400, List.of("x"), INGEST),
                        new Trade("SPY", 1381132800465L, 6, 167.41, 0, List.of(), INGEST));
        assertThat(decoded.rejected())
                .extracting(Rejection::reason)
                .containsExactly(
                        RejectReason.ENTRY_NOT_OBJECT,
                        RejectReason.BAD_PRICE,
                        RejectReason.BAD_RECORD,
                        RejectReason.BAD_PRICE,
                        RejectReason.BAD_VOLUME);
    }

    @Test
    void neverThrowsAnythingButMalformedRecordOnAnyPrefix() {
        byte[] full = TradeRecordFormat.encode(List.of(GOOD_TRADE, trade("SPY", 5, 1, 0.5, 0.25, "a")));
        for (int end = 0; end < full.length; end++) {
            byte[] prefix = Arrays.copyOf(full, end);
            assertThatThrownBy(() -> TradeRecordFormat.decode(prefix))
                    .as(new String(prefix, StandardCharsets.UTF_8))
                    .isInstanceOf(MalformedRecordException.class);
        }
    }

    @Test
    void neverThrowsAnythingButMalformedRecordOnMutatedRecords() {
        byte[] full = bytes(record(GOOD_ROW, "[5,1,0.5,0.25,7,['a',{'x':[1]}]]", GOOD_ROW));
        byte[] alphabet = "{}[]:,\"0123456789.eE-+ntfrulsv ".getBytes(StandardCharsets.UTF_8);
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] mutated = full.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                mutated[random.nextInt(mutated.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            assertThatCode(() -> {
                        try {
                            assertThat(TradeRecordFormat.decode(mutated).symbol())
                                    .isNotNull();
                        } catch (MalformedRecordException expected) {
                            assertThat(expected.rejection()).isNotNull();
                        }
                    })
                    .as(new String(mutated, StandardCharsets.UTF_8))
                    .doesNotThrowAnyException();
        }
    }
}
