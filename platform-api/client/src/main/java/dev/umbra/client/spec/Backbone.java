package dev.umbra.client.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The encoders a run may train. Feature dimensions are reported by the runner's implementations. */
public enum Backbone {
    /** Three conv-BN-ReLU stages with early striding and global average pooling; well under 1 M parameters, for CPU. */
    CONVNET_S("convnet-s"),
    /** ResNet-18 with a 3x3 stem and no max-pool, the usual CIFAR variant; meant for GPU runners. */
    RESNET18_CIFAR("resnet18-cifar");

    private final String id;

    Backbone(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Backbone> fromId(String id) {
        return Arrays.stream(values()).filter(b -> b.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Backbone::id).toList();
    }
}
