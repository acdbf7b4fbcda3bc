package io.github.camelwolkvox.csv;

import java.util.Locale;

/** What happened to one row, as written in the result file. */
public enum RowStatus {
    /** Sent; Wolkvox created the code. */
    CREATED,
    /** Sent; Wolkvox modified an existing code. */
    UPDATED,
    /** Not taken for its content: invalid in the file, or refused by Wolkvox for what it says. */
    REJECTED,
    /** Valid, and not sent: the file was a dry run (a check). */
    VALID,
    /** Not done for another reason (Wolkvox unreachable or failing after retries, unreadable text): worth another try. */
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RowStatus ofLabel(String label) {
        return valueOf(label.strip().toUpperCase(Locale.ROOT));
    }
}
