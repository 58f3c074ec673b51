package dev.persona.eval.metrics;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of protobuf's wire format to write an ONNX model (onnx.proto, IR version 7) by hand,
 * so the LPIPS test needs neither Python nor a model download. Field numbers are onnx.proto's:
 *
 * <pre>
 * ModelProto      1 ir_version (varint), 7 graph, 8 opset_import
 * OperatorSetId   1 domain (string), 2 version (varint)
 * GraphProto      1 node, 2 name, 5 initializer, 11 input, 12 output
 * NodeProto       1 input, 2 output, 3 name, 4 op_type, 5 attribute
 * AttributeProto  1 name, 3 i, 8 ints (unpacked), 20 type (INT = 2, INTS = 7)
 * TensorProto     1 dims (unpacked), 2 data_type (FLOAT = 1, INT64 = 7), 8 name, 9 raw_data (LE)
 * ValueInfoProto  1 name, 2 type; TypeProto 1 tensor_type; Tensor 1 elem_type, 2 shape;
 * TensorShapeProto 1 dim; Dimension 1 dim_value
 * </pre>
 *
 * Wire types: 0 varint, 2 length-delimited (strings, bytes, messages).
 */
final class OnnxGraphWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  byte[] bytes() {
    return out.toByteArray();
  }

  OnnxGraphWriter varint(int field, long value) {
    rawVarint(((long) field << 3));
    rawVarint(value);
    return this;
  }

  OnnxGraphWriter bytes(int field, byte[] value) {
    rawVarint(((long) field << 3) | 2);
    rawVarint(value.length);
    out.writeBytes(value);
    return this;
  }

  OnnxGraphWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  OnnxGraphWriter message(int field, OnnxGraphWriter message) {
    return bytes(field, message.bytes());
  }

  private void rawVarint(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  // ---- ONNX messages ----

  static OnnxGraphWriter floatTensor(String name, long[] dims, float[] values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    OnnxGraphWriter t = new OnnxGraphWriter();
    for (long d : dims) {
      t.varint(1, d);
    }
    return t.varint(2, 1).string(8, name).bytes(9, raw.array());
  }

  static OnnxGraphWriter int64Tensor(String name, long[] values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      raw.putLong(v);
    }
    return new OnnxGraphWriter()
        .varint(1, values.length)
        .varint(2, 7)
        .string(8, name)
        .bytes(9, raw.array());
  }

  static OnnxGraphWriter valueInfo(String name, long... dims) {
    OnnxGraphWriter shape = new OnnxGraphWriter();
    for (long d : dims) {
      shape.message(1, new OnnxGraphWriter().varint(1, d));
    }
    OnnxGraphWriter tensor = new OnnxGraphWriter().varint(1, 1).message(2, shape);
    OnnxGraphWriter type = new OnnxGraphWriter().message(1, tensor);
    return new OnnxGraphWriter().string(1, name).message(2, type);
  }

  static OnnxGraphWriter node(String op, String[] inputs, String output, OnnxGraphWriter... attrs) {
    OnnxGraphWriter n = new OnnxGraphWriter();
    for (String in : inputs) {
      n.string(1, in);
    }
    n.string(2, output).string(3, output + "_node").string(4, op);
    for (OnnxGraphWriter a : attrs) {
      n.message(5, a);
    }
    return n;
  }

  static OnnxGraphWriter intAttribute(String name, long value) {
    return new OnnxGraphWriter().string(1, name).varint(3, value).varint(20, 2);
  }

  static OnnxGraphWriter intsAttribute(String name, long... values) {
    OnnxGraphWriter a = new OnnxGraphWriter().string(1, name);
    for (long v : values) {
      a.varint(8, v);
    }
    return a.varint(20, 7);
  }

  static byte[] model(OnnxGraphWriter graph, int opset) {
    return new OnnxGraphWriter()
        .varint(1, 7)
        .message(7, graph)
        .message(8, new OnnxGraphWriter().string(1, "").varint(2, opset))
        .bytes();
  }
}
