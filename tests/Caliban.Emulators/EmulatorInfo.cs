namespace Caliban.Emulators;

/// <summary>Marker for the emulator assembly; the emulators live in Vertex/ and Kubernetes/.</summary>
public static class EmulatorInfo;
