package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One agent of {@code information.php?api=agents}; {@code enabled} is yes/no. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Agent(
        @JsonProperty("agent_id") String agentId,
        @JsonProperty("agent_name") String agentName,
        @JsonProperty("agent_dni") String agentDni,
        @JsonProperty("agent_status") String agentStatus,
        @JsonProperty("last_use") String lastUse,
        @JsonProperty("agent_sso") String agentSso,
        @JsonProperty("enabled") String enabled) {
}
