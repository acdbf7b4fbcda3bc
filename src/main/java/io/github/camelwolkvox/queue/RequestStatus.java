package io.github.camelwolkvox.queue;

/** The status column of a request row. */
public enum RequestStatus {
    /** Waiting to be called (again, after a back-off, once next_attempt_at has passed). */
    PENDING,
    /** Claimed by an instance (claimed_by); its call is under way. */
    IN_FLIGHT,
    /** Wolkvox carried it out. */
    DONE,
    /** Wolkvox refused it, or it never got through within the allowed attempts. */
    FAILED,
    /** Invalid (bad phone, missing field, unknown account): never sent. */
    REJECTED,
    /** The call may or may not have been carried out: never retried automatically. */
    UNKNOWN
}
