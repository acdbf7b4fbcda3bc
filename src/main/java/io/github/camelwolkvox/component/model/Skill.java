package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One skill (queue) of {@code information.php?api=skills}, with the fields create_skill takes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Skill(
        @JsonProperty("skill_id") String skillId,
        @JsonProperty("skill_name") String skillName,
        @JsonProperty("description_skill") String description,
        @JsonProperty("voicemail") String voicemail,
        @JsonProperty("welcome_message") String welcomeMessage,
        @JsonProperty("vto") String vto) {
}
