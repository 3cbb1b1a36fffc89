package dev.tradelake.local.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradelake.model.FeedTrade;
import dev.tradelake.model.FinnhubCodec;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/** A recorded trade frame cut down to one connection's subscriptions, its entries otherwise as recorded. */
final class RecordedFrames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedFrames() {}

    /**
     * The frame with only the {@code data} entries whose symbol {@code wants} accepts; entries
     * without a readable symbol stay (no filter can tell whose they are). Falls back to framing
     * {@code mine} anew if the frame cannot be read as an object with a {@code data} array.
     */
    static String only(String frame, Predicate<String> wants, List<FeedTrade> mine) {
        try {
            JsonNode root = JSON.readTree(frame);
            if (root instanceof ObjectNode object && object.get("data") instanceof ArrayNode data) {
                ArrayNode kept = JSON.createArrayNode();
                for (JsonNode entry : data) {
                    JsonNode symbol = entry.path("s");
                    if (!symbol.isTextual() || wants.test(symbol.asText())) {
                        kept.add(entry);
                    }
                }
                object.set("data", kept);
                return JSON.writeValueAsString(object);
            }
        } catch (IOException e) {
            // below
        }
        return FinnhubCodec.tradeFrame(mine);
    }
}
