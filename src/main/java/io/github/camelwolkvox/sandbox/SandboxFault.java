package io.github.camelwolkvox.sandbox;

/** Faults the sandbox can inject, as the real API has been seen to misbehave. */
public enum SandboxFault {
    /** HTTP 500 with an HTML page; the request was not carried out. */
    SERVER_ERROR,
    /** HTTP 200 carrying an error envelope (code "500"); the request was not carried out. */
    ERROR_IN_200,
    /** The request is carried out, then the answer is not JSON. */
    GARBAGE,
    /** The request is carried out, then the answer comes only after the hang time (past the client's read timeout). */
    HANG,
    /** Answers with headers at once, then one byte of the body every 200 ms for the hang time. */
    TRICKLE
}
