package dev.tradelake.ingest;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * What one PutRecords call did to each record. PutRecords is not atomic: it answers 200 even when
 * some entries failed, and names the failures entry by entry, in request order. Only those are
 * sent again.
 */
record PutOutcome(List<OutRecord> written, List<Failed> failed) {

    record Failed(OutRecord record, String errorCode, String errorMessage) {}

    static PutOutcome of(List<OutRecord> sent, PutRecordsResponse response) {
        List<PutRecordsResultEntry> results = response.records();
        if (results.size() != sent.size()) {
            throw new IllegalStateException(
                    "PutRecords answered " + results.size() + " entries for " + sent.size() + " records");
        }
        List<OutRecord> written = new ArrayList<>(sent.size());
        List<Failed> failed = new ArrayList<>(0);
        for (int i = 0; i < sent.size(); i++) {
            PutRecordsResultEntry result = results.get(i);
            if (result.errorCode() == null) {
                written.add(sent.get(i));
            } else {
                failed.add(new Failed(sent.get(i), result.errorCode(), result.errorMessage()));
            }
        }
        return new PutOutcome(written, failed);
    }
}
