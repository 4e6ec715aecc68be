package io.tidings.polling.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one JSON value straight from a streaming parser into a tree, in one pass, while it stays
 * under a byte limit: once the value has taken more than the limit on the wire the partial tree is
 * dropped and the rest of the value is only skipped, so memory stays bounded by the limit (plus one
 * token). Nodes are made as the mapper's {@code readTree} makes them (same node factory, same
 * number types). Not thread-safe: one instance per reader.
 */
final class BoundedTree {
  private final JsonNodeFactory nodes;
  private final boolean bigDecimals;
  private final boolean bigIntegers;
  private final List<ContainerNode<?>> parents = new ArrayList<>();

  BoundedTree(ObjectMapper mapper) {
    this.nodes = mapper.getDeserializationConfig().getNodeFactory();
    this.bigDecimals = mapper.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    this.bigIntegers = mapper.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
  }

  /**
   * The value at the parser's current token, as a tree; leaves the parser on the value's last
   * token.
   *
   * @param start the byte offset where the value starts
   * @param limit the most bytes the value may take
   * @return the tree, or null when the value took more than {@code limit} bytes (it was skipped)
   * @throws EOFException when the input ends inside the value
   */
  JsonNode read(JsonParser p, long start, long limit) throws IOException {
    JsonToken t = p.currentToken();
    if (!t.isStructStart()) {
      return scalar(p, t);
    }
    parents.clear();
    ContainerNode<?> root = container(t);
    ContainerNode<?> current = root;
    String name = null;
    int depth = 1;
    boolean over = false;
    while (depth > 0) {
      t = p.nextToken();
      if (t == null) {
        throw new EOFException("the batch ended inside an envelope");
      }
      if (!over && p.currentLocation().getByteOffset() - start > limit) {
        over = true; // let go of what was built: only the depth is followed from here
        parents.clear();
        root = null;
        current = null;
      }
      if (t.isStructStart()) {
        depth++;
        if (!over) {
          ContainerNode<?> child = container(t);
          attach(current, name, child);
          parents.add(current);
          current = child;
        }
      } else if (t.isStructEnd()) {
        depth--;
        if (!over && depth > 0) {
          current = parents.remove(parents.size() - 1);
        }
      } else if (t == JsonToken.FIELD_NAME) {
        name = p.currentName();
      } else if (!over) {
        attach(current, name, scalar(p, t));
      }
    }
    parents.clear();
    return root;
  }

  private ContainerNode<?> container(JsonToken t) {
    return t == JsonToken.START_OBJECT ? nodes.objectNode() : nodes.arrayNode();
  }

  private static void attach(ContainerNode<?> parent, String name, JsonNode child) {
    if (parent instanceof ObjectNode) {
      ((ObjectNode) parent)
          .replace(name, child); // a repeated name: the last one wins, as in readTree
    } else {
      ((ArrayNode) parent).add(child);
    }
  }

  private JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return nodes.textNode(p.getText());
      case VALUE_NUMBER_INT:
        if (bigIntegers) {
          return nodes.numberNode(p.getBigIntegerValue());
        }
        switch (p.getNumberType()) {
          case INT:
            return nodes.numberNode(p.getIntValue());
          case LONG:
            return nodes.numberNode(p.getLongValue());
          default:
            return nodes.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL) {
          return nodes.numberNode(p.getDecimalValue());
        }
        if (bigDecimals && !p.isNaN()) {
          return nodes.numberNode(p.getDecimalValue());
        }
        return nodes.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return nodes.booleanNode(true);
      case VALUE_FALSE:
        return nodes.booleanNode(false);
      case VALUE_NULL:
        return nodes.nullNode();
      case VALUE_EMBEDDED_OBJECT:
        return nodes.pojoNode(p.getEmbeddedObject());
      default:
        throw new IOException("unexpected " + t + " in a JSON value");
    }
  }
}
