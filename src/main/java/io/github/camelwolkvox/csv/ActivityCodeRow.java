package io.github.camelwolkvox.csv;

/**
 * One data row of a file: a validated request to send ({@code code}: an ActivityCode to create or
 * edit, an ActivityCodeKey to remove, for {@code operation}), or an outcome already decided from the
 * file alone (rejected for its content, or failed because the text could not be read from here on).
 * {@code note} goes to the result file with the row's outcome.
 */
public record ActivityCodeRow(long line, String typeCode, String codAct, Object code, String operation,
                              RowStatus decidedStatus, String decidedMessage, String note) {

    static ActivityCodeRow ofRequest(long line, String typeCode, String codAct, Object validated, RowAction action, String note) {
        return new ActivityCodeRow(line, typeCode, codAct, validated, action.operation, null, null, note);
    }

    static ActivityCodeRow ofOutcome(long line, String typeCode, String codAct, RowStatus status, String message, String note) {
        return new ActivityCodeRow(line, typeCode, codAct, null, null, status, message, note);
    }

    /** Whether this row goes to Wolkvox. */
    public boolean isToSend() {
        return code != null;
    }

    /** The action the row asked for (create when it has none). */
    RowAction action() {
        return operation == null ? RowAction.CREATE : RowAction.ofOperation(operation);
    }

    RowOutcome outcome(RowStatus status, String message) {
        return new RowOutcome(line, typeCode, codAct, status, message, note);
    }

    /** The outcome the file alone decided. */
    RowOutcome decided() {
        return outcome(decidedStatus, decidedMessage);
    }
}
