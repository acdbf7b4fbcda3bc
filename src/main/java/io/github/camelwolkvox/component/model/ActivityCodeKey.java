package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;

/** Body of {@code remove_cod_act}: the activity code to remove, by group (cod_act1 / cod_act2) and code. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActivityCodeKey(@JsonProperty("type_code") String typeCode, @JsonProperty("cod_act") String codAct) {

    public ActivityCodeKey validated() {
        List<FieldError> errors = new ArrayList<>();
        String t = Fields.required("type_code", typeCode, errors);
        String c = Fields.required("cod_act", codAct, errors);
        if (!errors.isEmpty()) {
            throw new WolkvoxValidationException(errors);
        }
        return new ActivityCodeKey(t, c);
    }
}
