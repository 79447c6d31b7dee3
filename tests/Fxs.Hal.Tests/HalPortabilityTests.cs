using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Fxs.Hal.Line;

namespace Fxs.Hal.Tests;

/// <summary>
/// The portable HAL keeps the core's rules: the nanoFramework compile guard holds its types
/// (so it compiled against nanoFramework's mscorlib), and the .NET build of Fxs.Hal defines
/// no generics, references no generic or forbidden BCL types, and has no floating point or
/// System.Math. (Fxs.Core.Tests' PortabilityTests checks the whole guard for generics.)
/// </summary>
public class HalPortabilityTests
{
    private static readonly string[] ForbiddenNamespaces = { "System.Collections.Generic", "System.Linq", "System.Threading.Tasks" };
    private static readonly string[] ForbiddenTypes = { "System.Span`1", "System.ReadOnlySpan`1", "System.Memory`1", "System.Math", "System.MathF" };
    private static readonly HashSet<string> FloatOpcodes = new()
    {
        "ldc.r4", "ldc.r8", "conv.r4", "conv.r8", "conv.r.un", "ckfinite",
        "ldind.r4", "ldind.r8", "stind.r4", "stind.r8", "ldelem.r4", "ldelem.r8", "stelem.r4", "stelem.r8",
    };

    private static string HalPath => typeof(HookSignalDecoder).Assembly.Location;

    private static string NanoGuardPath => Path.Combine(AppContext.BaseDirectory, "nano", "Fxs.Core.Nano.dll");

    [Fact]
    public void NanoGuardCompiledTheHal()
    {
        Assert.True(File.Exists(NanoGuardPath), $"{NanoGuardPath} missing");
        using var pe = new PEReader(File.OpenRead(NanoGuardPath));
        MetadataReader md = pe.GetMetadataReader();
        var names = md.TypeDefinitions.Select(h => md.GetTypeDefinition(h))
            .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name)).ToHashSet();
        foreach (Type type in typeof(HookSignalDecoder).Assembly.GetExportedTypes())
        {
            Assert.Contains(type.FullName!, names);
        }
        AssertNone(Violations(md, pe, scanIl: false));
    }

    [Fact]
    public void HalHasNoGenericsMathOrFloatingPoint()
    {
        using var pe = new PEReader(File.OpenRead(HalPath));
        MetadataReader md = pe.GetMetadataReader();
        AssertNone(Violations(md, pe, scanIl: true));
    }

    private static List<string> Violations(MetadataReader md, PEReader pe, bool scanIl)
    {
        var found = new List<string>();
        foreach (TypeReferenceHandle h in md.TypeReferences)
        {
            TypeReference r = md.GetTypeReference(h);
            string ns = md.GetString(r.Namespace), name = md.GetString(r.Name);
            string full = ns.Length == 0 ? name : ns + "." + name;
            if (ForbiddenNamespaces.Contains(ns) || ForbiddenTypes.Contains(full) || name.Contains('`')) { found.Add("uses " + full); }
        }
        bool halOnly = !scanIl; // in the guard, only look at the HAL's own types
        foreach (TypeDefinitionHandle th in md.TypeDefinitions)
        {
            TypeDefinition type = md.GetTypeDefinition(th);
            string ns = md.GetString(type.Namespace);
            if (halOnly && !ns.StartsWith("Fxs.Hal", StringComparison.Ordinal)) { continue; }
            string typeName = ns + "." + md.GetString(type.Name);
            if (type.GetGenericParameters().Count > 0) { found.Add("generic type " + typeName); }
            foreach (FieldDefinitionHandle fh in type.GetFields())
            {
                if (md.GetFieldDefinition(fh).DecodeSignature(FloatProvider.Instance, null)) { found.Add(typeName + ": floating-point field"); }
            }
            foreach (MethodDefinitionHandle mh in type.GetMethods())
            {
                MethodDefinition method = md.GetMethodDefinition(mh);
                string name = typeName + "." + md.GetString(method.Name);
                if (method.GetGenericParameters().Count > 0) { found.Add("generic method " + name); }
                var sig = method.DecodeSignature(FloatProvider.Instance, null);
                if (sig.ReturnType || sig.ParameterTypes.Any(p => p)) { found.Add(name + ": floating-point signature"); }
                if (!scanIl || method.RelativeVirtualAddress == 0) { continue; }
                MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
                byte[] il = body.GetILBytes() ?? Array.Empty<byte>();
                for (int at = 0; at < il.Length;)
                {
                    OpCode op = Opcodes.Read(il, ref at);
                    if (FloatOpcodes.Contains(op.Name!)) { found.Add($"{name}: {op.Name}"); }
                    if (op.OperandType == OperandType.InlineMethod)
                    {
                        EntityHandle target = MetadataTokens.EntityHandle(BitConverter.ToInt32(il, at));
                        if (target.Kind == HandleKind.MemberReference)
                        {
                            MemberReference m = md.GetMemberReference((MemberReferenceHandle)target);
                            if (m.Parent.Kind == HandleKind.TypeReference)
                            {
                                TypeReference tr = md.GetTypeReference((TypeReferenceHandle)m.Parent);
                                string parent = md.GetString(tr.Namespace) + "." + md.GetString(tr.Name);
                                if (parent == "System.Math" || parent == "System.MathF") { found.Add($"{name}: calls {parent}"); }
                            }
                        }
                    }
                    at += Opcodes.OperandSize(op, il, at);
                }
            }
        }
        return found;
    }

    private static void AssertNone(List<string> violations)
    {
        Assert.True(violations.Count == 0, $"{violations.Count} portability violations:\n  " + string.Join("\n  ", violations));
    }

    private static class Opcodes
    {
        private static readonly OpCode[] OneByte = new OpCode[256];
        private static readonly OpCode[] TwoByte = new OpCode[256];

        static Opcodes()
        {
            foreach (FieldInfo f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var op = (OpCode)f.GetValue(null)!;
                ushort value = unchecked((ushort)op.Value);
                if (op.Size == 1) { OneByte[value] = op; } else { TwoByte[value & 0xFF] = op; }
            }
        }

        public static OpCode Read(byte[] il, ref int at)
        {
            byte b = il[at++];
            return b == 0xFE ? TwoByte[il[at++]] : OneByte[b];
        }

        public static int OperandSize(OpCode op, byte[] il, int at)
        {
            switch (op.OperandType)
            {
                case OperandType.InlineNone: return 0;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar: return 1;
                case OperandType.InlineVar: return 2;
                case OperandType.InlineI8:
                case OperandType.InlineR: return 8;
                case OperandType.InlineSwitch: return 4 + 4 * BitConverter.ToInt32(il, at);
                default: return 4;
            }
        }
    }

    private sealed class FloatProvider : ISignatureTypeProvider<bool, object?>
    {
        public static readonly FloatProvider Instance = new();
        public bool GetPrimitiveType(PrimitiveTypeCode c) => c == PrimitiveTypeCode.Single || c == PrimitiveTypeCode.Double;
        public bool GetArrayType(bool e, ArrayShape s) => e;
        public bool GetByReferenceType(bool e) => e;
        public bool GetFunctionPointerType(MethodSignature<bool> s) => s.ReturnType || s.ParameterTypes.Any(p => p);
        public bool GetGenericInstantiation(bool g, ImmutableArray<bool> a) => a.Any(x => x);
        public bool GetGenericMethodParameter(object? c, int i) => false;
        public bool GetGenericTypeParameter(object? c, int i) => false;
        public bool GetModifiedType(bool m, bool u, bool r) => u;
        public bool GetPinnedType(bool e) => e;
        public bool GetPointerType(bool e) => e;
        public bool GetSZArrayType(bool e) => e;
        public bool GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle h, byte k) => false;
        public bool GetTypeFromReference(MetadataReader r, TypeReferenceHandle h, byte k) => false;
        public bool GetTypeFromSpecification(MetadataReader r, object? c, TypeSpecificationHandle h, byte k) => false;
    }
}
