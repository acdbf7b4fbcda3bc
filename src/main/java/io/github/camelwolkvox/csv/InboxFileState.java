package io.github.camelwolkvox.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a file dropped in an inbox (or its check folder, for a dry run) has got to, read from the
 * files the intake keeps: for a caller that dropped it and wants to show its progress and result
 * (an upload page, a script). The folders are the inbox route's done and error folders.
 *
 * @param rowsFinished rows with an outcome so far (while in progress) or in the result file
 * @param resultFile the result file once archived, else null
 */
public record InboxFileState(String name, Stage stage, long rowsFinished, Path resultFile) {

    public enum Stage {
        /** In the inbox, not taken yet (not complete yet, or waiting for its turn). */
        WAITING,
        /** Being read and sent: {@code rowsFinished} so far. */
        IN_PROGRESS,
        /** Archived in the done folder: every row sent or rejected for its content. */
        DONE,
        /** Archived in the error folder: a row failed, or the file could not be read. */
        ERROR,
        /** Not in the inbox nor archived under this name. */
        UNKNOWN
    }

    /** The state of the file named {@code name} dropped in {@code inbox}; done and error folders relative to it (or absolute). */
    public static InboxFileState of(Path inbox, String name, String doneFolder, String errorFolder) {
        Path file = inbox.resolve(name);
        Path progress = ProgressRecord.pathFor(file);
        if (Files.exists(file)) {
            return Files.exists(progress) ? new InboxFileState(name, Stage.IN_PROGRESS, ProgressRecord.finishedIn(progress), null)
                    : new InboxFileState(name, Stage.WAITING, 0, null);
        }
        for (Stage stage : new Stage[] {Stage.DONE, Stage.ERROR}) {
            Path result = inbox.resolve(stage == Stage.DONE ? doneFolder : errorFolder).resolve(name + ".result.csv");
            if (Files.exists(result)) {
                return new InboxFileState(name, stage, ProgressRecord.rowsIn(result), result);
            }
        }
        return new InboxFileState(name, Stage.UNKNOWN, 0, null);
    }

    /**
     * The rows of the result file by column name ({@code line, type_code, cod_act, status, message,
     * note}), whichever separator and encoding it was written in; empty while there is no result file.
     */
    public List<Map<String, String>> resultRows() throws IOException {
        return resultFile == null ? List.of() : ProgressRecord.recordsIn(resultFile).stream().map(r -> r.toMap()).toList();
    }
}
