using System.Text.Json.Serialization;

namespace KnockSensor.Generator;

/// <summary>
/// Source-generated (reflection-free, AOT-safe) JSON for the ground truth. Property order is declaration order and
/// the newline is fixed, so the truth file is as byte-for-byte reproducible as the capture.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    NewLine = "\n",
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(GroundTruth))]
internal sealed partial class GroundTruthJsonContext : JsonSerializerContext;
