package dev.tradelake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FinnhubCodecTest {

    /** Test frames are written with ' for " to stay readable. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static String tradeFrame(String... entries) {
        return json("{'type':'trade','data':[" + String.join(",", entries) + "]}");
    }

    static final String GOOD = "{'p':167.41,'s':'SPY','t':1381132800465,'v':100,'c':['12']}";
    static final FeedTrade GOOD_TRADE = new FeedTrade("SPY", 1381132800465L, 167.41, 100, List.of("12"));

    /** An entry like GOOD with one field's raw JSON value replaced (or removed when value is null). */
    static String entryWith(String field, String value) {
        StringBuilder out = new StringBuilder("{");
        for (String[] kv : new String[][] {{"p", "167.41"}, {"s", "'SPY'"}, {"t", "1381132800465"}, {"v", "100"}}) {
            String v = kv[0].equals(field) ? value : kv[1];
            if (v != null) {
                out.append(out.length() > 1 ? "," : "")
                        .append('\'')
                        .append(kv[0])
                        .append("':")
                        .append(v);
            }
        }
        return out.append('}').toString();
    }

    static FinnhubFrame.Trades parseTrades(String text) {
        FinnhubFrame frame = FinnhubCodec.parse(text);
        assertThat(frame).as(text).isInstanceOf(FinnhubFrame.Trades.class);
        return (FinnhubFrame.Trades) frame;
    }

    static Rejection parseRejected(String text) {
        FinnhubFrame frame = FinnhubCodec.parse(text);
        assertThat(frame).as(text).isInstanceOf(FinnhubFrame.Rejected.class);
        return ((FinnhubFrame.Rejected) frame).rejection();
    }

    /** Parses a frame of [GOOD, entry, GOOD]: the bad entry is counted alone, both good trades kept. */
    static Rejection rejectedEntry(String entry) {
        FinnhubFrame.Trades frame = parseTrades(tradeFrame(GOOD, entry, GOOD));
        assertThat(frame.trades()).as(entry).containsExactly(GOOD_TRADE, GOOD_TRADE);
        assertThat(frame.rejected()).as(entry).hasSize(1);
        return frame.rejected().get(0);
    }

    static FeedTrade acceptedEntry(String entry) {
        FinnhubFrame.Trades frame = parseTrades(tradeFrame(entry));
        assertThat(frame.rejected()).as(entry).isEmpty();
        assertThat(frame.trades()).as(entry).hasSize(1);
        return frame.trades().get(0);
    }

    @Nested
    class TradeFrames {

        @Test
        void oneTrade() {
            FinnhubFrame.Trades frame = parseTrades(tradeFrame(GOOD));
            assertThat(frame.trades()).containsExactly(GOOD_TRADE);
            assertThat(frame.rejected()).isEmpty();
        }

        @Test
        void manyTradesKeepTheirOrder() {
            FinnhubFrame.Trades frame = parseTrades(tradeFrame(
                    "{'p':167.41,'s':'SPY','t':1381132800465,'v':1400,'c':['20002000']}",
                    "{'p':167.41,'s':'SPY','t':1381132800465,'v':100,'c':['20002000']}",
                    "{'p':13.94,'s':'BAC','t':1381132800614,'v':500}",
                    "{'p':43251.5,'s':'BINANCE:BTCUSDT','t':1700000000000,'v':0.00012}",
                    "{'p':1.0712,'s':'OANDA:EUR_USD','t':1700000000001,'v':0}"));
            assertThat(frame.rejected()).isEmpty();
            assertThat(frame.trades())
                    .containsExactly(
                            new FeedTrade("SPY", 1381132800465L, 167.41, 1400, List.of("20002000")),
                            new FeedTrade("SPY", 1381132800465L, 167.41, 100, List.of("20002000")),
                            new FeedTrade("BAC", 1381132800614L, 13.94, 500, List.of()),
                            new FeedTrade("BINANCE:BTCUSDT", 1700000000000L, 43251.5, 0.00012, List.of()),
                            new FeedTrade("OANDA:EUR_USD", 1700000000001L, 1.0712, 0, List.of()));
        }

        @Test
        void emptyDataIsAFrameWithoutTrades() {
            FinnhubFrame.Trades frame = parseTrades(json("{'type':'trade','data':[]}"));
            assertThat(frame.trades()).isEmpty();
            assertThat(frame.rejected()).isEmpty();
        }

        @Test
        void fieldsInAnyOrder() {
            assertThat(parseTrades(json("{'data':[{'c':['12'],'v':100,'t':1381132800465,'s':'SPY','p':167.41}],"
                                    + "'type':'trade'}"))
                            .trades())
                    .containsExactly(GOOD_TRADE);
        }

        @Test
        void whitespaceAroundTokensIsFine() {
            assertThat(parseTrades(json(" {\n 'type' : 'trade' ,\t'data' : [ " + GOOD + " ] }\n"))
                            .trades())
                    .containsExactly(GOOD_TRADE);
        }

        @Test
        void conditionsAreOptional() {
            assertThat(acceptedEntry("{'p':1,'s':'X','t':5,'v':1}").conditions())
                    .isEmpty();
            assertThat(acceptedEntry("{'p':1,'s':'X','t':5,'v':1,'c':null}").conditions())
                    .isEmpty();
            assertThat(acceptedEntry("{'p':1,'s':'X','t':5,'v':1,'c':[]}").conditions())
                    .isEmpty();
        }

        @Test
        void conditionsMayBeStringsOrIntegers() {
            assertThat(acceptedEntry("{'p':1,'s':'X','t':5,'v':1,'c':['1','12','37']}")
                            .conditions())
                    .containsExactly("1", "12", "37");
            assertThat(acceptedEntry("{'p':1,'s':'X','t':5,'v':1,'c':[1,12]}").conditions())
                    .containsExactly("1", "12");
            assertThat(acceptedEntry("{'p':1,'s':'X','t':5,'v':1,'c':['T',37]}").conditions())
                    .containsExactly("T", "37");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "'12'",
                    "12",
                    "{}",
                    "{'a':[1]}",
                    "true",
                    "[1.5]",
                    "[null]",
                    "[['12']]",
                    "[{}]",
                    "['12',{'x':[1,2]}]",
                    "[true]"
                })
        void conditionsOfAnotherShapeAreRejected(String c) {
            Rejection r = rejectedEntry(json("{'p':1,'s':'X','t':5,'v':1,'c':" + c + "}"));
            assertThat(r.reason()).isEqualTo(RejectReason.BAD_CONDITIONS);
        }

        @Test
        void unknownFieldsOfATradeAreIgnored() {
            assertThat(acceptedEntry("{'x':1,'p':167.41,'y':'z','s':'SPY','t':1381132800465,'n':null,'v':100,"
                            + "'c':['12'],'b':true,'f':1e999}"))
                    .isEqualTo(GOOD_TRADE);
        }

        @Test
        void unknownNestedFieldsOfATradeAreSkippedWhole() {
            // The nested values look like trade fields: they must neither be read nor confuse the parser.
            assertThat(acceptedEntry("{'o':{'p':-1,'s':'','t':'x','c':{}},'p':167.41,"
                            + "'a':[1,[2,{'t':'no','v':-5}],{'s':[]}],'s':'SPY','t':1381132800465,'v':100,'c':['12'],"
                            + "'deep':{'a':{'b':{'c':[[[{}]]]}}}}"))
                    .isEqualTo(GOOD_TRADE);
        }

        @Test
        void unknownTopLevelFieldsAreIgnoredEvenWhenTheyLookLikeMessages() {
            FinnhubFrame.Trades frame = parseTrades(json("{'meta':{'type':'ping','data':5},'type':'trade',"
                    + "'extra':[[{'type':'error'}],'data'],'data':[" + GOOD + "],'n':1.5,'z':null}"));
            assertThat(frame.trades()).containsExactly(GOOD_TRADE);
            assertThat(frame.rejected()).isEmpty();
        }

        @Test
        void symbolOf64CharactersIsAccepted() {
            String s64 = "S".repeat(64);
            assertThat(acceptedEntry(entryWith("s", "'" + s64 + "'")).symbol()).isEqualTo(s64);
        }

        @Test
        void zeroVolumeIsAccepted() {
            assertThat(acceptedEntry(entryWith("v", "0")).volume()).isZero();
            assertThat(acceptedEntry(entryWith("v", "0.0")).volume()).isZero();
        }

        @Test
        void fractionalVolumeIsAccepted() {
            assertThat(acceptedEntry(entryWith("v", "0.00012345")).volume()).isEqualTo(new BigDecimal("0.00012345"));
            assertThat(acceptedEntry(entryWith("v", "1.5e-7")).volume()).isEqualByComparingTo("0.00000015");
            assertThat(acceptedEntry(entryWith("v", "0.1")).volume()).isEqualTo(new BigDecimal("0.1"));
        }

        @Test
        void priceAndTimeEdgesThatAreValid() {
            assertThat(acceptedEntry(entryWith("p", "1e-8")).price()).isEqualByComparingTo("0.00000001");
            assertThat(acceptedEntry(entryWith("p", "5")).price()).isEqualTo(new BigDecimal("5"));
            assertThat(acceptedEntry(entryWith("t", "0")).timeMs()).isZero();
            assertThat(acceptedEntry(entryWith("t", Long.toString(TradeRules.MAX_TIME_MS)))
                            .timeMs())
                    .isEqualTo(TradeRules.MAX_TIME_MS);
        }
    }

    @Nested
    class BadEntries {

        @ParameterizedTest
        @ValueSource(strings = {"null", "5", "1.5", "'SPY'", "true", "[]", "[" + GOOD + "]"})
        void entryThatIsNotAnObject(String entry) {
            assertThat(rejectedEntry(json(entry)).reason()).isEqualTo(RejectReason.ENTRY_NOT_OBJECT);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "'167.41'",
                    "null",
                    "true",
                    "[167.41]",
                    "{'x':1}",
                    "0",
                    "0.0",
                    "-0.0",
                    "-1",
                    "-167.41",
                    "-1e999"
                })
        void badPrice(String p) {
            assertThat(rejectedEntry(json(entryWith("p", p))).reason()).isEqualTo(RejectReason.BAD_PRICE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1e999", "1e200", "1e-131", "1.23456789012345678901234567890123456789"})
        void numbersDynamoDbCannotStoreAreOutOfRange(String n) {
            assertThat(rejectedEntry(json(entryWith("p", n))).reason()).isEqualTo(RejectReason.NUMBER_OUT_OF_RANGE);
            assertThat(rejectedEntry(json(entryWith("v", n))).reason()).isEqualTo(RejectReason.NUMBER_OUT_OF_RANGE);
        }

        @Test
        void aTurnoverThatCouldOverflowABarIsRefused() {
            assertThat(rejectedEntry(json("{'p':1e60,'s':'X','t':5,'v':1e41}")).reason())
                    .isEqualTo(RejectReason.TURNOVER_OVERFLOW);
        }

        @Test
        void missingPrice() {
            assertThat(rejectedEntry(json(entryWith("p", null))).reason()).isEqualTo(RejectReason.BAD_PRICE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"'100'", "null", "false", "[100]", "{}", "-1", "-0.5", "-1e999"})
        void badVolume(String v) {
            assertThat(rejectedEntry(json(entryWith("v", v))).reason()).isEqualTo(RejectReason.BAD_VOLUME);
        }

        @Test
        void missingVolume() {
            assertThat(rejectedEntry(json(entryWith("v", null))).reason()).isEqualTo(RejectReason.BAD_VOLUME);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "1381132800465.0",
                    "1381132800465.5",
                    "1.381132800465e12",
                    "'1381132800465'",
                    "null",
                    "true",
                    "[1381132800465]",
                    "{}",
                    "99999999999999999999",
                    "9223372036854775808",
                    "-1",
                    "-9223372036854775808",
                    "9223372036854775807"
                })
        void badTime(String t) {
            assertThat(rejectedEntry(json(entryWith("t", t))).reason()).isEqualTo(RejectReason.BAD_TIME);
        }

        @Test
        void timePastTheLimitIsRejected() {
            assertThat(rejectedEntry(json(entryWith("t", Long.toString(TradeRules.MAX_TIME_MS + 1))))
                            .reason())
                    .isEqualTo(RejectReason.BAD_TIME);
        }

        @Test
        void missingTime() {
            assertThat(rejectedEntry(json(entryWith("t", null))).reason()).isEqualTo(RejectReason.BAD_TIME);
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "null", "true", "['SPY']", "{'s':'SPY'}", "''"})
        void badSymbol(String s) {
            assertThat(rejectedEntry(json(entryWith("s", s))).reason()).isEqualTo(RejectReason.BAD_SYMBOL);
        }

        @Test
        void symbolOf65CharactersIsRejected() {
            assertThat(rejectedEntry(json(entryWith("s", "'" + "S".repeat(65) + "'")))
                            .reason())
                    .isEqualTo(RejectReason.BAD_SYMBOL);
        }

        @Test
        void missingSymbol() {
            assertThat(rejectedEntry(json(entryWith("s", null))).reason()).isEqualTo(RejectReason.BAD_SYMBOL);
        }

        @Test
        void emptyObjectIsRejectedOnce() {
            assertThat(rejectedEntry(json("{}")).reason())
                    .isIn(
                            RejectReason.BAD_TIME,
                            RejectReason.BAD_SYMBOL,
                            RejectReason.BAD_PRICE,
                            RejectReason.BAD_VOLUME);
        }

        @Test
        void anEntryWithSeveralProblemsIsCountedOnce() {
            FinnhubFrame.Trades frame = parseTrades(tradeFrame(
                    "{'p':'x','s':5,'t':1.5,'v':-1,'c':{}}", "{'p':[{'a':1}],'s':{'b':[2]},'t':'t','v':'v'}"));
            assertThat(frame.trades()).isEmpty();
            assertThat(frame.rejected()).hasSize(2);
        }

        @Test
        void goodTradesOfAFrameSurviveEveryKindOfBadEntry() {
            FinnhubFrame.Trades frame = parseTrades(tradeFrame(
                    GOOD,
                    "null",
                    entryWith("p", "0"),
                    "5",
                    "{'p':1,'s':'BAC','t':7,'v':0.5,'c':[1]}",
                    entryWith("s", "''"),
                    entryWith("v", "-1"),
                    entryWith("t", "1.5"),
                    "['a',{'b':null}]",
                    "{'p':1,'s':'X','t':5,'v':1,'c':'12'}",
                    entryWith("p", "1e999"),
                    GOOD));
            assertThat(frame.trades())
                    .containsExactly(GOOD_TRADE, new FeedTrade("BAC", 7, 1, 0.5, List.of("1")), GOOD_TRADE);
            assertThat(frame.rejected())
                    .extracting(Rejection::reason)
                    .containsExactly(
                            RejectReason.ENTRY_NOT_OBJECT,
                            RejectReason.BAD_PRICE,
                            RejectReason.ENTRY_NOT_OBJECT,
                            RejectReason.BAD_SYMBOL,
                            RejectReason.BAD_VOLUME,
                            RejectReason.BAD_TIME,
                            RejectReason.ENTRY_NOT_OBJECT,
                            RejectReason.BAD_CONDITIONS,
                            RejectReason.NUMBER_OUT_OF_RANGE);
        }

        @Test
        void rejectionDetailNamesTheProblem() {
            assertThat(rejectedEntry(json(entryWith("p", "'167.41'"))).detail())
                    .contains("p")
                    .contains("167.41");
            assertThat(rejectedEntry(json(entryWith("v", "-1"))).detail()).contains("-1");
            assertThat(rejectedEntry(json(entryWith("s", "''"))).detail()).contains("1 to 64");
        }
    }

    @Nested
    class OtherMessages {

        @Test
        void ping() {
            assertThat(FinnhubCodec.parse(json("{'type':'ping'}"))).isEqualTo(new FinnhubFrame.Ping());
            assertThat(FinnhubCodec.parse(json("{'type':'ping','data':[" + GOOD + "],'x':{'y':[]}}")))
                    .isEqualTo(new FinnhubFrame.Ping());
        }

        @Test
        void errorWithMessage() {
            assertThat(FinnhubCodec.parse(json("{'type':'error','msg':'Subscribing to too many symbols'}")))
                    .isEqualTo(new FinnhubFrame.Error("Subscribing to too many symbols"));
            assertThat(FinnhubCodec.parse(json("{'msg':'Invalid API key','type':'error'}")))
                    .isEqualTo(new FinnhubFrame.Error("Invalid API key"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{'type':'error'}",
                    "{'type':'error','msg':null}",
                    "{'type':'error','msg':42}",
                    "{'type':'error','msg':{'text':'x','type':'ping'}}",
                    "{'type':'error','msg':['a',{'b':1}]}"
                })
        void errorWithoutAStringMessage(String text) {
            assertThat(FinnhubCodec.parse(json(text))).isEqualTo(new FinnhubFrame.Error("(no message)"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{'type':'news'}",
                    "{'type':'Trade','data':[]}",
                    "{'type':''}",
                    "{'type':'subscribe','symbol':'SPY'}"
                })
        void unknownType(String text) {
            assertThat(parseRejected(json(text)).reason()).isEqualTo(RejectReason.UNKNOWN_TYPE);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{}",
                    "{'data':[]}",
                    "{'msg':'x'}",
                    "{'type':null}",
                    "{'type':5}",
                    "{'type':true}",
                    "{'type':['trade'],'data':[]}",
                    "{'type':{'type':'ping'}}",
                    "{'type':{'a':1},'data':[]}",
                    "{'type':[{'x':'trade'}]}"
                })
        void missingOrNonStringType(String text) {
            assertThat(parseRejected(json(text)).reason()).isEqualTo(RejectReason.NOT_A_MESSAGE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{'type':'ping'}]", "'ping'", "42", "1.5", "null", "true"})
        void notAnObject(String text) {
            assertThat(parseRejected(json(text)).reason()).isEqualTo(RejectReason.NOT_A_MESSAGE);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{'type':'trade'}",
                    "{'type':'trade','data':null}",
                    "{'type':'trade','data':{}}",
                    "{'type':'trade','data':" + GOOD + "}",
                    "{'type':'trade','data':'[]'}",
                    "{'type':'trade','data':5}",
                    "{'data':{'a':[1,2]},'type':'trade'}"
                })
        void dataThatIsNotAnArray(String text) {
            assertThat(parseRejected(json(text)).reason()).isEqualTo(RejectReason.DATA_NOT_ARRAY);
        }
    }

    @Nested
    class BrokenFrames {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    " ",
                    "{",
                    "{'type'",
                    "{'type':",
                    "{'type':'ping'",
                    "{'type':'ping',",
                    "{'type':'trade','data':[",
                    "{'type':'trade','data':[{'p':1",
                    "{'type':'trade','data':[{'p':1}",
                    "{type:'ping'}",
                    "{'type':'ping',}",
                    "{'type' 'ping'}",
                    "{'type':'ping'}}",
                    "{'type':'ping'} x",
                    "{'type':'ping'}{}",
                    "{'type':'ping'}]",
                    "{'type':'ping'},",
                    "{'type':'ping'} {'type':'ping'}",
                    "{'type':'trade','data':[{'p':01,'s':'X','t':5,'v':1}]}",
                    "{'type':'trade','data':[{'p':NaN,'s':'X','t':5,'v':1}]}",
                    "{'type':'trade','data':[{'p':1,'s':'X','t':5,'v':1,}]}",
                    "{'type':'ping','x':'unterminated}",
                    "\u0000",
                    "nul"
                })
        void malformedJson(String text) {
            assertThat(parseRejected(json(text)).reason()).as(text).isEqualTo(RejectReason.MALFORMED_JSON);
        }

        @Test
        void trailingWhitespaceIsFine() {
            assertThat(FinnhubCodec.parse(json("{'type':'ping'}\n \r\n\t"))).isEqualTo(new FinnhubFrame.Ping());
        }

        @Test
        void nestingPastTheLimitIsMalformedNotAStackOverflow() {
            String deep = "[".repeat(10_000) + "]".repeat(10_000);
            assertThat(parseRejected(json("{'type':'ping','x':" + deep + "}")).reason())
                    .isEqualTo(RejectReason.MALFORMED_JSON);
        }

        @Test
        void oversizedFrame() {
            String text = tradeFrame(GOOD, GOOD);
            FinnhubFrame over = FinnhubCodec.parse(text, text.length() - 1);
            assertThat(over).isInstanceOf(FinnhubFrame.Rejected.class);
            assertThat(((FinnhubFrame.Rejected) over).rejection().reason()).isEqualTo(RejectReason.OVERSIZED);
            assertThat(FinnhubCodec.parse(text, text.length())).isInstanceOf(FinnhubFrame.Trades.class);
            assertThat(FinnhubCodec.parse(json("{'type':'ping'}"), 10)).isInstanceOf(FinnhubFrame.Rejected.class);
        }

        @Test
        void defaultLimitRefusesAHugeFrame() {
            String pad = "x".repeat(FinnhubCodec.DEFAULT_MAX_FRAME_CHARS);
            assertThat(parseRejected(json("{'type':'ping','pad':'" + pad + "'}"))
                            .reason())
                    .isEqualTo(RejectReason.OVERSIZED);
        }

        @Test
        void rejectionDetailsStayShort() {
            String longType = "t".repeat(5_000);
            Rejection r = parseRejected(json("{'type':'" + longType + "'}"));
            assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_TYPE);
            assertThat(r.detail().length()).isLessThan(300);
        }

        @Test
        void neverThrowsOnAnyPrefixOfAFrame() {
            String text = tradeFrame(GOOD, "{'p':1.5e3,'s':'BAC','t':7,'v':0.5,'c':[1,'x'],'u':{'a':[null]}}", "null");
            for (int end = 0; end < text.length(); end++) {
                String prefix = text.substring(0, end);
                assertThatCode(() -> assertThat(FinnhubCodec.parse(prefix)).isInstanceOf(FinnhubFrame.Rejected.class))
                        .as(prefix)
                        .doesNotThrowAnyException();
            }
        }

        @Test
        void neverThrowsOnMutatedFrames() {
            String text = tradeFrame(GOOD, "{'p':1.5e3,'s':'BAC','t':7,'v':0.5,'c':[1,'x'],'u':{'a':[null]}}");
            char[] alphabet = "{}[]:,\"'0123456789.eE-+ntfrueals\\x ".toCharArray();
            Random random = new Random(42);
            for (int i = 0; i < 20_000; i++) {
                char[] chars = text.toCharArray();
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    chars[random.nextInt(chars.length)] = alphabet[random.nextInt(alphabet.length)];
                }
                String mutated = new String(chars);
                assertThatCode(() -> assertThat(FinnhubCodec.parse(mutated)).isNotNull())
                        .as(mutated)
                        .doesNotThrowAnyException();
            }
        }
    }

    @Nested
    class Writing {

        @Test
        void tradeFrameIsWhatFinnhubSends() {
            assertThat(FinnhubCodec.tradeFrame(List.of(GOOD_TRADE))).isEqualTo(tradeFrame(GOOD));
            assertThat(FinnhubCodec.tradeFrame(List.of(new FeedTrade("BAC", 7, 13.94, 0.5, List.of()))))
                    .isEqualTo(tradeFrame("{'p':13.94,'s':'BAC','t':7,'v':0.5}"));
        }

        @Test
        void tradeFrameRoundTrips() {
            List<FeedTrade> trades = List.of(
                    GOOD_TRADE,
                    new FeedTrade("SPY", 1381132800465L, 167.41, 100, List.of("12")),
                    new FeedTrade("BINANCE:BTCUSDT", 1700000000000L, 43251.57, 0.00012345, List.of()),
                    new FeedTrade("OANDA:EUR_USD", 1700000000001L, 1.07123, 0, List.of()),
                    new FeedTrade("BRK.A", 0, 612_345.25, 1e6, List.of("1", "2", "37", "T")),
                    new FeedTrade("S".repeat(64), TradeRules.MAX_TIME_MS, 1e-8, 123456789.125, List.of("@")),
                    new FeedTrade("Q\"\\/\u00e9\u20ac", 5, Math.nextUp(1.0), 1e-130, List.of("\"", "\n")),
                    new FeedTrade(
                            "BIG",
                            5,
                            new BigDecimal("9.9999999999999999999999999999999999999e125"),
                            new BigDecimal("1e-30"),
                            List.of()),
                    new FeedTrade(
                            "DIGITS",
                            5,
                            new BigDecimal("1.2345678901234567890123456789012345678"),
                            new BigDecimal("12345678901234567890.123456789"),
                            List.of()));
            FinnhubFrame.Trades parsed = parseTrades(FinnhubCodec.tradeFrame(trades));
            assertThat(parsed.rejected()).isEmpty();
            assertThat(parsed.trades()).containsExactlyElementsOf(trades);
        }

        @Test
        void randomTradesRoundTripExactly() {
            Random random = new Random(7);
            List<FeedTrade> trades = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                double price = random.nextInt(3) == 0
                        ? Math.round(random.nextDouble() * 1e6) / 100.0
                        : random.nextDouble() * Math.pow(10, random.nextInt(12) - 4) + Double.MIN_VALUE;
                double volume = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(100_000);
                    case 1 -> random.nextDouble() * 10;
                    default -> 0;
                };
                trades.add(new FeedTrade(
                        "SYM" + random.nextInt(50),
                        random.nextLong(TradeRules.MAX_TIME_MS + 1),
                        price,
                        volume,
                        random.nextBoolean() ? List.of() : List.of(Integer.toString(random.nextInt(99)))));
            }
            FinnhubFrame.Trades parsed = parseTrades(FinnhubCodec.tradeFrame(trades));
            assertThat(parsed.rejected()).isEmpty();
            assertThat(parsed.trades()).containsExactlyElementsOf(trades);
        }

        @Test
        void emptyTradeFrame() {
            FinnhubFrame.Trades parsed = parseTrades(FinnhubCodec.tradeFrame(List.of()));
            assertThat(parsed.trades()).isEmpty();
            assertThat(parsed.rejected()).isEmpty();
        }

        @Test
        void pingRoundTrips() {
            assertThat(FinnhubCodec.ping()).isEqualTo(json("{'type':'ping'}"));
            assertThat(FinnhubCodec.parse(FinnhubCodec.ping())).isEqualTo(new FinnhubFrame.Ping());
        }

        @Test
        void errorRoundTrips() {
            assertThat(FinnhubCodec.error("Subscribing to too many symbols"))
                    .isEqualTo(json("{'type':'error','msg':'Subscribing to too many symbols'}"));
            for (String message : List.of("x", "", "quote \" backslash \\ newline \n unicode \u00e9")) {
                assertThat(FinnhubCodec.parse(FinnhubCodec.error(message))).isEqualTo(new FinnhubFrame.Error(message));
            }
        }

        @Test
        void subscribeAndUnsubscribeRoundTrip() {
            assertThat(FinnhubCodec.subscribe("SPY")).isEqualTo(json("{'type':'subscribe','symbol':'SPY'}"));
            assertThat(FinnhubCodec.unsubscribe("SPY")).isEqualTo(json("{'type':'unsubscribe','symbol':'SPY'}"));
            assertThat(FinnhubCodec.parseCommand(FinnhubCodec.subscribe("BINANCE:BTCUSDT")))
                    .isEqualTo(new FinnhubCodec.Command("subscribe", "BINANCE:BTCUSDT"));
            assertThat(FinnhubCodec.parseCommand(FinnhubCodec.unsubscribe("A\"B")))
                    .isEqualTo(new FinnhubCodec.Command("unsubscribe", "A\"B"));
        }

        @Test
        void parseCommandReadsFieldsInAnyOrderAndIgnoresOthers() {
            assertThat(FinnhubCodec.parseCommand(
                            json("{'x':{'type':'no'},'symbol':'SPY','n':[1,{}],'type':'subscribe'}")))
                    .isEqualTo(new FinnhubCodec.Command("subscribe", "SPY"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "x",
                    "[]",
                    "'subscribe'",
                    "{}",
                    "{'type':'subscribe'}",
                    "{'symbol':'SPY'}",
                    "{'type':'subscribe','symbol':5}",
                    "{'type':5,'symbol':'SPY'}",
                    "{'type':'subscribe','symbol':null}",
                    "{'type':'subscribe','symbol':['SPY']}",
                    "{'type':{'type':'subscribe'},'symbol':'SPY'}",
                    "{'type':'subscribe','symbol':'SPY'",
                    "{'type':'subscribe',symbol:'SPY'}",
                    "{'type':'subscribe','symbol':'SPY'} x"
                })
        void parseCommandRefusesEverythingElse(String text) {
            assertThat(FinnhubCodec.parseCommand(json(text))).as(text).isNull();
        }
    }
}
