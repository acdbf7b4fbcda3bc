package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One row of the connectors report; channel is e.g. whatsapp, email, chat-web. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"connector_id", "rp_id", "name", "channel"})
public record Connector(
        @JsonProperty("connector_id") String connectorId,
        @JsonProperty("rp_id") String rpId,
        @JsonProperty("name") String name,
        @JsonProperty("channel") String channel) {
}
