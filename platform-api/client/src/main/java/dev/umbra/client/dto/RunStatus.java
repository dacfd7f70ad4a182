package dev.umbra.client.dto;

/** {@code QUEUED -> LEASED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED}. */
public enum RunStatus {
    QUEUED, LEASED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
