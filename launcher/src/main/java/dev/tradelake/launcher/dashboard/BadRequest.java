package dev.tradelake.launcher.dashboard;

/** A request the API refuses: answered with 400 and this one-line reason. */
public final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String reason) {
        super(reason);
    }
}
