package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One row of the routing-points report; the *_active fields are yes/no as Wolkvox sends them. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"rp_id", "rp_name", "ivr_active", "chat_active", "interaction_active", "crm_active", "last_use"})
public record RoutingPoint(
        @JsonProperty("rp_id") String rpId,
        @JsonProperty("rp_name") String rpName,
        @JsonProperty("ivr_active") String ivrActive,
        @JsonProperty("chat_active") String chatActive,
        @JsonProperty("interaction_active") String interactionActive,
        @JsonProperty("crm_active") String crmActive,
        @JsonProperty("last_use") String lastUse) {
}
