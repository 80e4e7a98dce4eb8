package org.webtorrent4j.simplepeer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Signals in the JSON shape browsers and simple-peer use, for the tests' WebSocket relay. */
public final class SignalJson {
    public static final ObjectMapper JSON = new ObjectMapper();

    private SignalJson() {}

    public static String encode(Signal s) {
        ObjectNode o = JSON.createObjectNode().put("type", s.type().wireName());
        if (s.isDescription()) {
            o.put("sdp", s.sdp());
        } else {
            o.putObject("candidate")
                    .put("candidate", s.candidate().candidate())
                    .put("sdpMid", s.candidate().sdpMid())
                    .put("sdpMLineIndex", s.candidate().sdpMLineIndex());
        }
        return o.toString();
    }

    public static Signal decode(JsonNode o) {
        String type = o.path("type").asText();
        if ("candidate".equals(type)) {
            JsonNode c = o.path("candidate");
            return Signal.candidate(c.path("candidate").asText(null), c.path("sdpMid").asText(null),
                    c.path("sdpMLineIndex").asInt(0));
        }
        return Signal.description(type, o.path("sdp").asText(null));
    }
}
