package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The envelope of a successful write call (createActivityCode, addInteraction). */
public record WolkvoxResponse(@JsonProperty("code") int code, @JsonProperty("msg") String msg) {
}
