package dev.augur.construct.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augur.nativelib.PrivateNativeFolder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import jcuda.JCudaVersion;
import jcuda.LibUtils;
import org.junit.jupiter.api.Test;

class JCudaDriverLibraryTest {
    @Test
    void theBindingIsTakenFromThePrivateFolderAndTheTemporaryFolderSettingIsRestored() throws Exception {
        String tmpdir = System.getProperty("java.io.tmpdir");
        try {
            JCudaDevice.open().close(); // a real device where there is one
        } catch (DeviceUnavailableException e) {
            // no libcuda here: the CPU fallback's reason
        }
        assertEquals(tmpdir, System.getProperty("java.io.tmpdir"));
        String file = LibUtils.createLibraryFileName(
            LibUtils.createPlatformLibraryName("JCudaDriver-" + JCudaVersion.get()));
        Path copy = PrivateNativeFolder.folder().resolve("jcuda").resolve(file);
        try (InputStream jar = LibUtils.class.getResourceAsStream("/lib/" + file)) {
            assertArrayEquals(jar.readAllBytes(), Files.readAllBytes(copy));
        }
    }
}
