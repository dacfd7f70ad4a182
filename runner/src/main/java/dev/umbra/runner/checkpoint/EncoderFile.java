package dev.umbra.runner.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.umbra.runner.nn.Encoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The trained encoder as a safetensors file (every parameter and batch-norm statistic by its DJL
 * parameter name), which PyTorch users can open with {@code safetensors.torch.load_file}.
 */
public final class EncoderFile {

    private EncoderFile() {
    }

    public static Path write(Encoder encoder, Path file) {
        NDList list = new NDList();
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            NDArray array = p.getValue().getArray();
            array.setName(p.getKey());
            list.add(array);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                list.encode(out, NDList.Encoding.SAFETENSORS);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write encoder " + file, e);
        }
    }

    /** Copies the arrays of {@code file} into an initialised encoder of the same architecture. */
    public static void loadInto(Encoder encoder, Path file, NDManager manager) {
        try (NDManager scratch = manager.newSubManager(); InputStream in = Files.newInputStream(file)) {
            Map<String, NDArray> saved = new HashMap<>();
            for (NDArray array : NDList.decode(scratch, in)) {
                saved.put(array.getName(), array);
            }
            Map<String, NDArray> live = new HashMap<>();
            for (Pair<String, Parameter> p : encoder.getParameters()) {
                live.put(p.getKey(), p.getValue().getArray());
            }
            NamedArrays.restore(saved, live, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read encoder " + file, e);
        }
    }
}
