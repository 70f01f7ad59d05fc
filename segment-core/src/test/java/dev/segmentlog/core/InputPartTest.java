package dev.segmentlog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class InputPartTest {

    @Test
    void flatten_eachKind_followsItsRule() {
        assertEquals("hi", new InputPart.Text("hi").flatten());
        assertEquals("pasted", new InputPart.Paste("p1", 6, 1, "pasted").flatten());
        assertEquals("@src/Main.java", new InputPart.FileRef("src/Main.java").flatten());
        assertEquals("#style-guide", new InputPart.KnowledgeRef("style-guide").flatten());
        assertEquals("/deploy", new InputPart.WorkflowInvoke("deploy").flatten());
        assertEquals("[unknown input segment]",
                new InputPart.Unknown("voice", RawJson.of("{\"kind\":\"voice\"}")).flatten());
    }

    @Test
    void flatten_list_concatenatesInOrderWithoutSeparators() {
        List<InputPart> parts = List.of(new InputPart.Text("Hello "), new InputPart.FileRef("a.txt"),
                new InputPart.Text(" and "), new InputPart.KnowledgeRef("k"));
        assertEquals("Hello @a.txt and #k", InputPart.flatten(parts));
    }

    @Test
    void flatten_emptyList_isEmptyText() {
        assertEquals("", InputPart.flatten(List.of()));
    }
}
