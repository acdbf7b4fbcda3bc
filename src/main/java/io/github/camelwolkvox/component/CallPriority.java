package io.github.camelwolkvox.component;

/** Who is waiting for the token: a person behind an HTTP request, or queued batch work. */
public enum CallPriority {
    /** REST callers: served before batch work that waits for the same token. */
    interactive,
    /** CSV rows, SQL rows, scheduled reports. */
    batch
}
