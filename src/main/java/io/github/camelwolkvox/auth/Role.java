package io.github.camelwolkvox.auth;

/** What a caller of the REST API and the operator page may do. */
public enum Role {
    /** Reads only: GET and HEAD; every action (POST, PUT, DELETE) is 403. */
    VIEWER,
    /** Reads and acts: upload, resolve, re-queue, export, the REST operations. */
    OPERATOR
}
