package io.github.camelwolkvox.component.model;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;

/** Field normalisation shared by the request records (and by the CSV intake through them). */
public final class Fields {

    /** Also what Spanish Excel writes: VERDADERO/FALSO for TRUE/FALSE, SÍ/NO, an X in a tick column. */
    private static final Set<String> YES = Set.of("yes", "y", "si", "sí", "s", "true", "verdadero", "1", "x");
    private static final Set<String> NO = Set.of("no", "n", "false", "falso", "0");

    private Fields() {
    }

    static String required(String field, String value, List<FieldError> errors) {
        String v = optional(value);
        if (v == null) {
            errors.add(new FieldError(field, "is required"));
        }
        return v;
    }

    static String optional(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.isEmpty() ? null : v;
    }

    /** yes/no/si/sí/true/false/verdadero/falso/x/1/0 in any case to Wolkvox's yes/no; missing or empty means no. */
    static String yesNo(String field, String value, List<FieldError> errors) {
        return optional(value) == null ? "no" : yesNoIfGiven(field, value, errors);
    }

    /** As {@link #yesNo}, but missing stays missing (null): the field is not sent. */
    static String yesNoIfGiven(String field, String value, List<FieldError> errors) {
        String v = optional(value);
        if (v == null) {
            return null;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (YES.contains(lower)) {
            return "yes";
        }
        if (NO.contains(lower)) {
            return "no";
        }
        errors.add(new FieldError(field, "must be yes or no (also si/sí/true/false/verdadero/falso/x/1/0), got '" + v + "'"));
        return null;
    }
}
