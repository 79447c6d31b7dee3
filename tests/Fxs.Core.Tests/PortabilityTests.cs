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
using Fxs.Core.Dsp;
using Xunit.Abstractions;

namespace Fxs.Core.Tests
{
    /// <summary>
    /// The portable core's rules, read from compiled metadata and IL: (a) the nanoFramework
    /// compile guard (Fxs.Core.Nano, copied to nano/ by the test project) really compiled against
    /// nanoFramework's mscorlib and holds no generics and no forbidden BCL types; (b) the .NET
    /// build of Fxs.Core defines no generics, and its DSP calls no System.Math and does no
    /// floating point.
    /// </summary>
    public class PortabilityTests
    {
        // nanoFramework's mscorlib strong-name token (nanoFramework.CoreLibrary); .NET Framework's
        // mscorlib has b77a5c561934e089 and version 4.0.0.0.
        private const string NanoMscorlibToken = "C0-7D-48-1E-97-58-C7-31";

        private static readonly string[] ForbiddenNamespaces =
        {
            "System.Collections.Generic", "System.Linq", "System.Threading.Tasks",
        };

        private static readonly string[] ForbiddenTypes =
        {
            "System.Span`1", "System.ReadOnlySpan`1", "System.Memory`1", "System.Math", "System.MathF",
        };

        // Opcodes that load, store, convert to or check floating-point values.
        private static readonly HashSet<string> FloatOpcodes = new HashSet<string>
        {
            "ldc.r4", "ldc.r8", "conv.r4", "conv.r8", "conv.r.un", "ckfinite",
            "ldind.r4", "ldind.r8", "stind.r4", "stind.r8", "ldelem.r4", "ldelem.r8", "stelem.r4", "stelem.r8",
        };

        private const string DspNamespace = "Fxs.Core.Dsp";

        private readonly ITestOutputHelper _output;

        public PortabilityTests(ITestOutputHelper output) { _output = output; }

        private static string NanoGuardPath { get { return Path.Combine(AppContext.BaseDirectory, "nano", "Fxs.Core.Nano.dll"); } }

        private static string CorePath { get { return typeof(DtmfDigits).Assembly.Location; } }

        [Fact]
        public void NanoGuardWasCompiledAgainstNanoFrameworkMscorlibOnly()
        {
            Assert.True(File.Exists(NanoGuardPath), $"{NanoGuardPath} missing: the test project should build and copy Fxs.Core.Nano");
            using var pe = new PEReader(File.OpenRead(NanoGuardPath));
            MetadataReader md = pe.GetMetadataReader();
            var references = md.AssemblyReferences.Select(h => md.GetAssemblyReference(h)).ToList();
            foreach (AssemblyReference r in references)
            {
                _output.WriteLine($"references {md.GetString(r.Name)} {r.Version} token {BitConverter.ToString(md.GetBlobBytes(r.PublicKeyOrToken))}");
            }
            AssemblyReference only = Assert.Single(references);
            Assert.Equal("mscorlib", md.GetString(only.Name));
            Assert.Equal(1, only.Version.Major);
            Assert.Equal(NanoMscorlibToken, BitConverter.ToString(md.GetBlobBytes(only.PublicKeyOrToken)));
            Assert.Contains(md.TypeDefinitions, h => md.GetString(md.GetTypeDefinition(h).Name) == nameof(DtmfDigits));
        }

        [Fact]
        public void NanoGuardHasNoGenericsAndNoForbiddenTypes()
        {
            using var pe = new PEReader(File.OpenRead(NanoGuardPath));
            MetadataReader md = pe.GetMetadataReader();
            var violations = new List<string>();
            violations.AddRange(GenericDefinitions(md, t => true));
            violations.AddRange(ForbiddenTypeReferences(md));
            for (int row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
            {
                MethodSpecification spec = md.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
                violations.Add($"generic method instantiation of {MemberName(md, spec.Method)}");
            }
            AssertNone(violations);
        }

        [Fact]
        public void CoreDefinesNoGenerics()
        {
            using var pe = new PEReader(File.OpenRead(CorePath));
            MetadataReader md = pe.GetMetadataReader();
            // Host/ holds .NET-only accelerations, outside the nanoFramework build.
            AssertNone(GenericDefinitions(md, t => !NamespaceOf(md, t).StartsWith("Fxs.Core.Host", StringComparison.Ordinal)).ToList());
        }

        [Fact]
        public void CoreDspUsesNoMathAndNoFloatingPoint()
        {
            using var pe = new PEReader(File.OpenRead(CorePath));
            MetadataReader md = pe.GetMetadataReader();
            var violations = new List<string>();
            int methods = 0;
            foreach (TypeDefinitionHandle th in md.TypeDefinitions)
            {
                TypeDefinition type = md.GetTypeDefinition(th);
                string ns = NamespaceOf(md, th);
                if (ns != DspNamespace && !ns.StartsWith(DspNamespace + ".", StringComparison.Ordinal)) { continue; }
                string typeName = TypeName(md, th);

                foreach (FieldDefinitionHandle fh in type.GetFields())
                {
                    FieldDefinition field = md.GetFieldDefinition(fh);
                    if (field.DecodeSignature(FloatingTypeProvider.Instance, null))
                    {
                        violations.Add($"{typeName}.{md.GetString(field.Name)}: floating-point field");
                    }
                }
                foreach (MethodDefinitionHandle mh in type.GetMethods())
                {
                    methods++;
                    MethodDefinition method = md.GetMethodDefinition(mh);
                    string name = $"{typeName}.{md.GetString(method.Name)}";
                    MethodSignature<bool> signature = method.DecodeSignature(FloatingTypeProvider.Instance, null);
                    if (signature.ReturnType || signature.ParameterTypes.Any(p => p))
                    {
                        violations.Add($"{name}: floating-point parameter or return type");
                    }
                    if (method.RelativeVirtualAddress == 0) { continue; }
                    MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil
                        && md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(FloatingTypeProvider.Instance, null).Any(l => l))
                    {
                        violations.Add($"{name}: floating-point local");
                    }
                    foreach (string finding in ScanIl(md, body.GetILBytes() ?? Array.Empty<byte>()))
                    {
                        violations.Add($"{name}: {finding}");
                    }
                }
            }
            _output.WriteLine($"{methods} methods scanned in {DspNamespace}");
            Assert.True(methods > 20, "the scan found too few methods: is it looking at the right assembly?");
            AssertNone(violations);
        }

        private static void AssertNone(List<string> violations)
        {
            Assert.True(violations.Count == 0, $"{violations.Count} portability violations:\n  " + string.Join("\n  ", violations));
        }

        private static IEnumerable<string> GenericDefinitions(MetadataReader md, Func<TypeDefinitionHandle, bool> include)
        {
            foreach (TypeDefinitionHandle th in md.TypeDefinitions)
            {
                if (!include(th)) { continue; }
                TypeDefinition type = md.GetTypeDefinition(th);
                if (type.GetGenericParameters().Count > 0) { yield return $"generic type {TypeName(md, th)}"; }
                foreach (MethodDefinitionHandle mh in type.GetMethods())
                {
                    MethodDefinition method = md.GetMethodDefinition(mh);
                    if (method.GetGenericParameters().Count > 0)
                    {
                        yield return $"generic method {TypeName(md, th)}.{md.GetString(method.Name)}";
                    }
                }
            }
        }

        private static IEnumerable<string> ForbiddenTypeReferences(MetadataReader md)
        {
            foreach (TypeReferenceHandle h in md.TypeReferences)
            {
                TypeReference r = md.GetTypeReference(h);
                string ns = md.GetString(r.Namespace);
                string name = md.GetString(r.Name);
                string full = ns.Length == 0 ? name : ns + "." + name;
                if (ForbiddenNamespaces.Contains(ns) || ForbiddenTypes.Contains(full))
                {
                    yield return $"uses {full}";
                }
                else if (name.Contains('`'))
                {
                    yield return $"uses generic type {full}"; // Nullable`1, ValueTuple`2, Action`1, ...
                }
            }
        }

        // Walks the IL: floating-point opcodes, calls into System.Math / MathF.
        private static IEnumerable<string> ScanIl(MetadataReader md, byte[] il)
        {
            int offset = 0;
            while (offset < il.Length)
            {
                OpCode op = Opcodes.Read(il, ref offset);
                if (FloatOpcodes.Contains(op.Name!)) { yield return $"{op.Name} at IL_{offset - op.Size:X4}"; }
                int operandSize = Opcodes.OperandSize(op, il, offset);
                if (op.OperandType == OperandType.InlineMethod || op.OperandType == OperandType.InlineField || op.OperandType == OperandType.InlineTok)
                {
                    string target = MemberName(md, MetadataTokens.EntityHandle(BitConverter.ToInt32(il, offset)));
                    if (target.StartsWith("System.Math.", StringComparison.Ordinal) || target.StartsWith("System.MathF.", StringComparison.Ordinal))
                    {
                        yield return $"{op.Name} {target}";
                    }
                }
                offset += operandSize;
            }
        }

        private static string MemberName(MetadataReader md, EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.MemberReference:
                    MemberReference member = md.GetMemberReference((MemberReferenceHandle)handle);
                    return $"{EntityTypeName(md, member.Parent)}.{md.GetString(member.Name)}";
                case HandleKind.MethodDefinition:
                    MethodDefinition method = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                    return $"{TypeName(md, method.GetDeclaringType())}.{md.GetString(method.Name)}";
                case HandleKind.FieldDefinition:
                    FieldDefinition field = md.GetFieldDefinition((FieldDefinitionHandle)handle);
                    return $"{TypeName(md, field.GetDeclaringType())}.{md.GetString(field.Name)}";
                case HandleKind.MethodSpecification:
                    return MemberName(md, md.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
                default:
                    return EntityTypeName(md, handle);
            }
        }

        private static string EntityTypeName(MetadataReader md, EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeReference:
                    TypeReference r = md.GetTypeReference((TypeReferenceHandle)handle);
                    string ns = md.GetString(r.Namespace);
                    return ns.Length == 0 ? md.GetString(r.Name) : ns + "." + md.GetString(r.Name);
                case HandleKind.TypeDefinition:
                    return TypeName(md, (TypeDefinitionHandle)handle);
                default:
                    return handle.Kind.ToString();
            }
        }

        private static string NamespaceOf(MetadataReader md, TypeDefinitionHandle handle)
        {
            TypeDefinition type = md.GetTypeDefinition(handle);
            while (type.IsNested) { type = md.GetTypeDefinition(type.GetDeclaringType()); }
            return md.GetString(type.Namespace);
        }

        private static string TypeName(MetadataReader md, TypeDefinitionHandle handle)
        {
            TypeDefinition type = md.GetTypeDefinition(handle);
            string name = md.GetString(type.Name);
            if (type.IsNested) { return TypeName(md, type.GetDeclaringType()) + "+" + name; }
            string ns = md.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        /// <summary>IL opcode table from System.Reflection.Emit.OpCodes, with operand sizes.</summary>
        private static class Opcodes
        {
            private static readonly OpCode[] OneByte = new OpCode[256];
            private static readonly OpCode[] TwoByte = new OpCode[256]; // after the 0xFE prefix

            static Opcodes()
            {
                foreach (FieldInfo f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
                {
                    var op = (OpCode)f.GetValue(null)!;
                    ushort value = unchecked((ushort)op.Value);
                    if (op.Size == 1) { OneByte[value] = op; }
                    else { TwoByte[value & 0xFF] = op; }
                }
            }

            public static OpCode Read(byte[] il, ref int offset)
            {
                byte b = il[offset++];
                return b == 0xFE ? TwoByte[il[offset++]] : OneByte[b];
            }

            public static int OperandSize(OpCode op, byte[] il, int operandOffset)
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
                    case OperandType.InlineSwitch: return 4 + 4 * BitConverter.ToInt32(il, operandOffset);
                    default: return 4; // tokens, 32-bit branch targets and constants, ShortInlineR
                }
            }
        }

        /// <summary>Decodes a signature to "does it hold float or double anywhere".</summary>
        private sealed class FloatingTypeProvider : ISignatureTypeProvider<bool, object?>
        {
            public static readonly FloatingTypeProvider Instance = new FloatingTypeProvider();

            public bool GetPrimitiveType(PrimitiveTypeCode typeCode) { return typeCode == PrimitiveTypeCode.Single || typeCode == PrimitiveTypeCode.Double; }
            public bool GetArrayType(bool elementType, ArrayShape shape) { return elementType; }
            public bool GetByReferenceType(bool elementType) { return elementType; }
            public bool GetFunctionPointerType(MethodSignature<bool> signature) { return signature.ReturnType || signature.ParameterTypes.Any(p => p); }
            public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) { return typeArguments.Any(a => a); }
            public bool GetGenericMethodParameter(object? genericContext, int index) { return false; }
            public bool GetGenericTypeParameter(object? genericContext, int index) { return false; }
            public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) { return unmodifiedType; }
            public bool GetPinnedType(bool elementType) { return elementType; }
            public bool GetPointerType(bool elementType) { return elementType; }
            public bool GetSZArrayType(bool elementType) { return elementType; }
            public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) { return false; }
            public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) { return false; }
            public bool GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) { return false; }
        }
    }
}
