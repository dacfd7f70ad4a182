package dev.umbra.client.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The encoders a run may train. Feature dimensions are reported by the runner's implementations. */
public enum Backbone {
    /** Three conv-BN-ReLU stages with early striding and global average pooling; well under 1 M parameters, for CPU. */
    CONVNET_S("convnet-s", 0),
    /** {@code convnet-s} twice as wide (256 features, four times the compute); still a CPU backbone. */
    CONVNET_M("convnet-m", 0),
    /** ResNet-18 with a 3x3 stem and no max-pool, the usual CIFAR variant; meant for GPU runners. */
    RESNET18_CIFAR("resnet18-cifar", 0),
    /**
     * A ViT of ViT-Tiny's width (192, 3 heads) over 4x4 patches, made shallower for CPU runners
     * (see docs/run-spec.md for its exact architecture); pooled features are the mean of its tokens.
     */
    VIT_TINY("vit-tiny", 4);

    private final String id;
    private final int patchSize;

    Backbone(String id, int patchSize) {
        this.id = id;
        this.patchSize = patchSize;
    }

    public String id() {
        return id;
    }

    /** Side of the square patches a vision transformer cuts its input into; 0 for convolutional backbones. */
    public int patchSize() {
        return patchSize;
    }

    /** Whether the backbone is a vision transformer (its input is a sequence of patch tokens). */
    public boolean isTransformer() {
        return patchSize > 0;
    }

    public static Optional<Backbone> fromId(String id) {
        return Arrays.stream(values()).filter(b -> b.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Backbone::id).toList();
    }
}
