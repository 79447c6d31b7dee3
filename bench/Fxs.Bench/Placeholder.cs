namespace Fxs.Bench;
internal static class Placeholder { }
