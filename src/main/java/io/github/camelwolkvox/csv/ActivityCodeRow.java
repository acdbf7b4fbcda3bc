package io.github.camelwolkvox.csv;

import io.github.camelwolkvox.component.model.ActivityCode;

/**
 * One data row of a file: a validated code to send, or an outcome already decided from the file
 * alone (rejected for its content, or failed because the text could not be read from here on).
 * {@code note} goes to the result file with the row's outcome.
 */
public record ActivityCodeRow(long line, String typeCode, String codAct, ActivityCode code, RowStatus decidedStatus,
                              String decidedMessage, String note) {

    static ActivityCodeRow ofCode(long line, ActivityCode validated, String note) {
        return new ActivityCodeRow(line, validated.typeCode(), validated.codAct(), validated, null, null, note);
    }

    static ActivityCodeRow ofOutcome(long line, String typeCode, String codAct, RowStatus status, String message, String note) {
        return new ActivityCodeRow(line, typeCode, codAct, null, status, message, note);
    }

    /** Whether this row goes to Wolkvox. */
    public boolean isToSend() {
        return code != null;
    }

    RowOutcome outcome(RowStatus status, String message) {
        return new RowOutcome(line, typeCode, codAct, status, message, note);
    }

    /** The outcome the file alone decided. */
    RowOutcome decided() {
        return outcome(decidedStatus, decidedMessage);
    }
}
