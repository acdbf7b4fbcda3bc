package io.github.camelwolkvox.csv;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * The optional {@code action} column of a row: which Wolkvox operation the row asks for. An empty
 * cell (or no column) creates, as files without the column always did.
 */
enum RowAction {
    CREATE("createActivityCode", "create", "crear", "alta", "nuevo", "new"),
    EDIT("editActivityCode", "edit", "editar", "modificar", "modify", "update", "actualizar"),
    REMOVE("removeActivityCode", "remove", "delete", "eliminar", "borrar", "baja", "quitar");

    /** The wolkvox: operation the row is sent to. */
    final String operation;
    private final List<String> words;

    RowAction(String operation, String... words) {
        this.operation = operation;
        this.words = List.of(words);
    }

    static RowAction ofOperation(String operation) {
        for (RowAction a : values()) {
            if (a.operation.equals(operation)) {
                return a;
            }
        }
        throw new IllegalArgumentException(operation);
    }

    /** The action a cell names; throws naming the accepted words when it names none. */
    static RowAction of(String cell) {
        if (cell == null || cell.isBlank()) {
            return CREATE;
        }
        String word = Normalizer.normalize(cell.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        for (RowAction a : values()) {
            if (a.words.contains(word)) {
                return a;
            }
        }
        throw new IllegalArgumentException("action must be create, edit or remove (crear, editar, eliminar), got '"
                + cell.strip() + "'");
    }
}
