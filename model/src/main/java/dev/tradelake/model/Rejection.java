package dev.tradelake.model;

/** One refused input: the reason to count it under and a human-readable detail. */
public record Rejection(RejectReason reason, String detail) {

    private static final int MAX_DETAIL = 200;

    public Rejection {
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL) + "...";
        }
    }

    @Override
    public String toString() {
        return reason.key() + ": " + detail;
    }
}
