package dev.segmentlog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class InputPartTest {

    @Test
    @SuppressWarnings("deprecation")
    void flatten_eachKind_followsTheNewestRuntimesRule() {
        assertEquals("hi", new InputPart.Text("hi").flatten());
        assertEquals("pasted", new InputPart.Paste(1, 6, 1, "pasted").flatten());
        assertEquals("pasted", new InputPart.PasteWithTextId("paste-1", 6, 1, "pasted", UnknownFields.NONE).flatten());
        assertEquals("@src/Main.java", new InputPart.FileRef("src/Main.java").flatten());
        assertEquals("[Flow: review/strict]", new InputPart.Flow("review/strict").flatten());
        assertEquals("", new InputPart.KnowledgeRef("style-guide").flatten());
        assertEquals("", new InputPart.WorkflowInvoke("deploy").flatten());
        assertEquals("", new InputPart.Unknown("voice", RawJson.of("{\"kind\":\"voice\"}")).flatten());
    }

    @Test
    void flatten_list_concatenatesInOrderWithoutSeparators() {
        List<InputPart> parts = List.of(new InputPart.Text("Hello "), new InputPart.FileRef("a.txt"),
                new InputPart.Text(" and "), new InputPart.Flow("f"));
        assertEquals("Hello @a.txt and [Flow: f]", InputPart.flatten(parts));
    }

    @Test
    void flatten_emptyList_isEmptyText() {
        assertEquals("", InputPart.flatten(List.of()));
    }

    @Test
    void paste_numbersAreUnsigned32Bit() {
        assertEquals(InputPart.MAX_U32, new InputPart.Paste(InputPart.MAX_U32, 0, 0, "").id());
    }
}
