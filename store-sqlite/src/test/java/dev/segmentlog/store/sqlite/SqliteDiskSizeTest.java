package dev.segmentlog.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DiskSize} on a small workload: the breakdown accounts for every byte of both files, and the
 * store's file is measured against the plain table. The figure for the record comes from running
 * {@link DiskSize#main} on the full workload.
 */
class SqliteDiskSizeTest {

    @TempDir
    Path dir;

    @Test
    void theBreakdownAccountsForEveryPageOfBothFiles_andTheRatioIsMeasured() throws Exception {
        DiskSize.Result result = DiskSize.measure(dir, 2, 60);

        assertEquals(2 * (1 + 60 * 5), result.entries());
        assertEquals(2 * 60 * 4, result.messages());
        for (DiskSize.FileBytes file : new DiskSize.FileBytes[] {result.store(), result.plain()}) {
            assertEquals(file.size(), file.partsBytes(), file.parts().toString());
        }
        assertTrue(result.store().parts().containsKey("entries"), result.store().parts().toString());
        assertTrue(result.plain().parts().containsKey("messages"), result.plain().parts().toString());
        assertTrue(result.ratio() > 0, String.valueOf(result.ratio()));
    }
}
