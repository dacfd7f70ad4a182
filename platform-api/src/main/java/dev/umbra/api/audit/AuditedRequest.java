package dev.umbra.api.audit;

import jakarta.enterprise.context.RequestScoped;

/** Whether the current request's audit row was already written with its work ({@link AuditLog#recordWithTheWork}). */
@RequestScoped
public class AuditedRequest {

    private boolean recorded;

    void recorded() {
        recorded = true;
    }

    boolean isRecorded() {
        return recorded;
    }
}
