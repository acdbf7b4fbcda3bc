package io.github.camelwolkvox.csv;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.camelwolkvox.component.model.ActivityCode;

/**
 * Which column holds which field, found by header name: any order, any letter case, surrounding
 * spaces and accents ignored, spaces and dashes read as underscores, Spanish names accepted.
 */
final class ActivityCodeColumns {

    enum Field {
        TYPE_CODE(true, "type_code", "tipo_codigo", "tipo_de_codigo", "tipo_cod", "tipo"),
        COD_ACT(true, "cod_act", "codigo", "codigo_actividad", "cod_actividad", "code", "activity_code"),
        DESCRIPTION(true, "description_cod_act", "description", "descripcion", "descripcion_codigo",
                "descripcion_cod_act", "descripcion_actividad"),
        HIT(false, "hit"),
        RPC(false, "rpc"),
        CHAT(false, "chat");

        final boolean required;
        final List<String> names;

        Field(boolean required, String... names) {
            this.required = required;
            this.names = List.of(names);
        }

        static Field named(String normalisedHeader) {
            for (Field f : values()) {
                if (f.names.contains(normalisedHeader)) {
                    return f;
                }
            }
            return null;
        }
    }

    private final Map<Field, Integer> index;
    private final int width;
    private final List<String> ignored;

    private ActivityCodeColumns(Map<Field, Integer> index, int width, List<String> ignored) {
        this.index = index;
        this.width = width;
        this.ignored = ignored;
    }

    /** Whether the row names every required column: the header, below any title rows. */
    static boolean isHeader(List<String> row) {
        Set<Field> named = EnumSet.noneOf(Field.class);
        for (String cell : row) {
            Field field = Field.named(normalise(cell));
            if (field != null) {
                named.add(field);
            }
        }
        return Arrays.stream(Field.values()).filter(f -> f.required).allMatch(named::contains);
    }

    /** Maps a header record; a missing required column or a field given twice makes the file unreadable. */
    static ActivityCodeColumns of(List<String> header) {
        Map<Field, Integer> index = new EnumMap<>(Field.class);
        List<String> ignored = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            Field field = Field.named(normalise(name));
            if (field == null) {
                if (!name.isBlank()) {
                    ignored.add(name.strip());
                }
            } else if (index.putIfAbsent(field, i) != null) {
                problems.add("column " + field.names.get(0) + " appears twice ('" + header.get(index.get(field)).strip()
                        + "' and '" + name.strip() + "')");
            }
        }
        for (Field f : Field.values()) {
            if (f.required && !index.containsKey(f)) {
                problems.add("no " + f.names.get(0) + " column (accepted names: " + String.join(", ", f.names) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new UnreadableFileException("header line: " + String.join("; ", problems)
                    + "; the header line holds: " + String.join(" | ", header));
        }
        return new ActivityCodeColumns(index, header.size(), ignored);
    }

    /** The header name as matched: "  Descripción Código " becomes "descripcion_codigo". */
    static String normalise(String header) {
        String plain = Normalizer.normalize(header.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    }

    /** The row's values as an (unvalidated) activity code. */
    ActivityCode read(List<String> row) {
        return new ActivityCode(value(row, Field.TYPE_CODE), value(row, Field.COD_ACT), value(row, Field.DESCRIPTION),
                value(row, Field.HIT), value(row, Field.RPC), value(row, Field.CHAT));
    }

    /** Why the row's shape is wrong, or null: values beyond the header mean a quoting mistake. */
    String shapeProblem(List<String> row) {
        for (int i = width; i < row.size(); i++) {
            if (!row.get(i).isBlank()) {
                return "row has " + row.size() + " fields but the header has " + width
                        + " (a value holding the delimiter must be in double quotes)";
            }
        }
        return null;
    }

    private String value(List<String> row, Field field) {
        Integer i = index.get(field);
        return i == null || i >= row.size() ? null : row.get(i);
    }

    /** Header names that are not activity-code fields (reported once, not an error). */
    List<String> ignored() {
        return ignored;
    }
}
