using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Recurrent.Distributed;
using Recurrent.Models.Classification;
using Recurrent.Onnx;
using Recurrent.Server;
using Recurrent.Tensors;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;

namespace Recurrent.Tests;

/// <summary>
/// The core's namespaces are layers that only look down: Tensors &lt;- Kernels &lt;- Autograd &lt;- Layers &lt;-
/// Losses, Optimizers &lt;- Training, with Data and IO (checkpoints) on Tensors alone. A reference that points up,
/// the start of a cycle, fails here. Between the projects, export looks down on the models and never the other way:
/// a model user does not pull ONNX or Google.Protobuf. The server is an add-on above the models in the same way:
/// neither the core, the datasets nor the models reference it or ASP.NET Core.
/// </summary>
public class ArchitectureTests
{
    private static readonly Architecture Core = new ArchLoader().LoadAssemblies(typeof(Tensor).Assembly).Build();

    private static readonly string[] CoreNamespaces =
    [
        "Tensors",
        "Kernels",
        "Autograd",
        "Layers",
        "Losses",
        "Optimizers",
        "Training",
        "Data",
        "IO",
    ];

    /// <summary>
    /// Each namespace with the ones it may use; every other namespace of the core is off limits to it.
    /// </summary>
    public static TheoryData<string, string[]> Layering =>
        new()
        {
            { "Tensors", [] },
            { "Kernels", ["Tensors"] },
            { "Autograd", ["Tensors", "Kernels"] },
            { "IO", ["Tensors"] },
            { "Layers", ["Tensors", "Kernels", "Autograd"] },
            { "Losses", ["Tensors", "Kernels", "Autograd", "Layers"] },
            { "Optimizers", ["Tensors", "Kernels", "Autograd", "Layers"] },
            { "Training", ["Tensors", "Kernels", "Autograd", "Layers", "Losses", "Optimizers", "Data", "IO"] },
            { "Data", ["Tensors"] },
        };

    [Theory]
    [MemberData(nameof(Layering))]
    public void NamespaceUsesOnlyTheLayersBelowIt(string name, string[] below)
    {
        var above = CoreNamespaces.Where(n => n != name && !below.Contains(n));
        Types()
            .That()
            .ResideInNamespace($"Recurrent.{name}")
            .Should()
            .NotDependOnAny(Types().That().ResideInNamespaceMatching($@"^Recurrent\.({string.Join('|', above)})$"))
            .Check(Core);
    }

    [Fact]
    public void CoreNamespacesHaveNoCycle() => Slices().Matching("Recurrent.(*)").Should().BeFreeOfCycles().Check(Core);

    [Fact]
    public void CoreReferencesNoOtherProjectOfTheRepository() =>
        Assert.DoesNotContain(typeof(Tensor).Assembly.GetReferencedAssemblies(), a =>
            a.Name!.StartsWith("Recurrent.", StringComparison.Ordinal)
        );

    [Fact]
    public void ModelsReferenceNeitherOnnxNorProtobuf() =>
        Assert.DoesNotContain(typeof(SequenceClassifier).Assembly.GetReferencedAssemblies(), a =>
            a.Name is "Recurrent.Onnx" or "Google.Protobuf"
        );

    [Fact]
    public void DistributedReferencesTheCoreAlone() =>
        Assert.Equal(
            ["Recurrent"],
            typeof(MpiWorld)
                .Assembly.GetReferencedAssemblies()
                .Select(a => a.Name!)
                .Where(n => n.StartsWith("Recurrent", StringComparison.Ordinal))
        );

    [Fact]
    public void NeitherModelsNorExportReferenceDistributed()
    {
        Assert.DoesNotContain(typeof(SequenceClassifier).Assembly.GetReferencedAssemblies(), a =>
            a.Name == "Recurrent.Distributed"
        );
        Assert.DoesNotContain(typeof(OnnxExport).Assembly.GetReferencedAssemblies(), a =>
            a.Name == "Recurrent.Distributed"
        );
    }

    [Fact]
    public void NoModelTypeDependsOnOnnx()
    {
        var projects = new ArchLoader()
            .LoadAssemblies(typeof(SequenceClassifier).Assembly, typeof(OnnxExport).Assembly)
            .Build();
        Types()
            .That()
            .ResideInNamespaceMatching(@"^Recurrent\.Models(\..+)?$")
            .Should()
            .NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^Recurrent\.Onnx(\..+)?$"))
            .Check(projects);
    }

    [Fact]
    public void NeitherCoreNorDatasetsNorModelsReferenceTheServerOrAspNetCore()
    {
        foreach (var assembly in new[]
        {
            typeof(Tensor).Assembly,
            typeof(Recurrent.Datasets.CharVocabulary).Assembly,
            typeof(SequenceClassifier).Assembly,
            typeof(OnnxExport).Assembly,
        })
            Assert.DoesNotContain(assembly.GetReferencedAssemblies(), a =>
                a.Name is "Recurrent.Server"
                || a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            );
    }

    [Fact]
    public void NoModelTypeDependsOnTheServer()
    {
        var projects = new ArchLoader()
            .LoadAssemblies(typeof(SequenceClassifier).Assembly, typeof(RecurrentServer).Assembly)
            .Build();
        Types()
            .That()
            .ResideInNamespaceMatching(@"^Recurrent\.Models(\..+)?$")
            .Should()
            .NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^Recurrent\.Server(\..+)?$"))
            .Check(projects);
    }

    [Fact]
    public void TheServerUsesNeitherTheToolNorOnnx() =>
        Assert.DoesNotContain(typeof(RecurrentServer).Assembly.GetReferencedAssemblies(), a =>
            a.Name is "Recurrent.Cli" or "Recurrent.Onnx" or "Google.Protobuf"
        );
}
