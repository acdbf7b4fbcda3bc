package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;

/**
 * Body of {@code create_cod_act} and {@code edit_cod_act}: creates or modifies one activity (typing)
 * code; also a row of the {@code activity_codes} list (which names the code {@code code_act}).
 * {@code studio}, {@code voice} and {@code interactions} (where the code may be used) are sent only
 * when given: a code modified without them keeps what Wolkvox has.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActivityCode(
        @JsonProperty("type_code") String typeCode,
        @JsonProperty("cod_act") @JsonAlias("code_act") String codAct,
        @JsonProperty("description_cod_act") String description,
        @JsonProperty("hit") String hit,
        @JsonProperty("rpc") String rpc,
        @JsonProperty("chat") String chat,
        @JsonProperty("studio") @JsonInclude(JsonInclude.Include.NON_NULL) String studio,
        @JsonProperty("voice") @JsonInclude(JsonInclude.Include.NON_NULL) String voice,
        @JsonProperty("interactions") @JsonInclude(JsonInclude.Include.NON_NULL) String interactions) {

    /** A code without studio, voice and interactions (Wolkvox keeps or defaults those). */
    public ActivityCode(String typeCode, String codAct, String description, String hit, String rpc, String chat) {
        this(typeCode, codAct, description, hit, rpc, chat, null, null, null);
    }

    /** Longest type_code, cod_act and description_cod_act (the vendor states none; generous bounds). */
    public static final int MAX_TYPE_CODE = 100;
    public static final int MAX_COD_ACT = 100;
    public static final int MAX_DESCRIPTION = 500;

    /** Trims fields, normalises hit/rpc/chat to yes/no, and names every invalid field. */
    public ActivityCode validated() {
        List<FieldError> errors = new ArrayList<>();
        String t = Fields.required("type_code", typeCode, MAX_TYPE_CODE, errors);
        String c = Fields.required("cod_act", codAct, MAX_COD_ACT, errors);
        String d = Fields.required("description_cod_act", description, MAX_DESCRIPTION, errors);
        String h = Fields.yesNo("hit", hit, errors);
        String r = Fields.yesNo("rpc", rpc, errors);
        String ch = Fields.yesNo("chat", chat, errors);
        String st = Fields.yesNoIfGiven("studio", studio, errors);
        String v = Fields.yesNoIfGiven("voice", voice, errors);
        String in = Fields.yesNoIfGiven("interactions", interactions, errors);
        if (!errors.isEmpty()) {
            throw new WolkvoxValidationException(errors);
        }
        return new ActivityCode(t, c, d, h, r, ch, st, v, in);
    }
}
