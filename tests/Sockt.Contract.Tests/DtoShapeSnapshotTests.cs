using Newtonsoft.Json;
using Snapshooter;
using Snapshooter.NUnit;
using Sockt.Contract.Tests.Infrastructure;

namespace Sockt.Contract.Tests;

/// <summary>
/// Each generated DTO's shape (wire name, C# property, CLR type, requiredness) as one reviewed snapshot per
/// schema, so adding, renaming or retyping a schema property in the spec fails here until the snapshot is
/// reviewed and committed.
/// </summary>
public sealed class DtoShapeSnapshotTests
{
    private static IEnumerable<string> DtoNames => GeneratedContract.Dtos.Select(type => type.Name);

    [TestCaseSource(nameof(DtoNames))]
    public void Dto_shape_matches_the_snapshot(string dtoName)
    {
        var shape = GeneratedContract.WireProperties(GeneratedContract.DtoNamed(dtoName)).Select(property =>
        {
            var json = property.GetCustomAttributes(typeof(JsonPropertyAttribute), false).Cast<JsonPropertyAttribute>().Single();
            return new
            {
                Wire = json.PropertyName,
                Property = GeneratedContract.WireMemberName(property),
                Type = CSharpTypeNames.Of(property),
                Required = json.Required.ToString(),
                NullValues = json.NullValueHandling.ToString(),
            };
        });

        // One readable file per schema: __snapshots__/DtoShapeSnapshotTests.<Schema>.snap.
        var folder = Snapshot.FullName().FolderPath;
        Snapshot.Match(shape, new SnapshotFullName($"{nameof(DtoShapeSnapshotTests)}.{dtoName}.snap", folder));
    }

    /// <summary>
    /// The shaped surface of each public model (what users see: names, .NET types, no setters), one snapshot per
    /// schema beside the wire shape above, so the two can be reviewed apart: a spec change that only reshapes a model
    /// changes this file, a change of the wire changes the other.
    /// </summary>
    [TestCaseSource(nameof(PublicModelNames))]
    public void Public_model_shape_matches_the_snapshot(string dtoName)
    {
        var shape = GeneratedContract.ModelProperties(GeneratedContract.DtoNamed(dtoName)).Select(property => new
        {
            Property = property.Name,
            Type = CSharpTypeNames.Of(property),
            Settable = property.SetMethod is { IsPublic: true },
        });

        var folder = Snapshot.FullName().FolderPath;
        Snapshot.Match(shape, new SnapshotFullName($"{nameof(DtoShapeSnapshotTests)}.{dtoName}.Model.snap", folder));
    }

    private static IEnumerable<string> PublicModelNames => GeneratedContract.Dtos.Where(GeneratedContract.IsPublicModel).Select(type => type.Name);

    [Test]
    public void Every_schema_of_the_spec_has_exactly_one_generated_dto()
    {
        var schemaNames = SpecDocument.Load().Components.Schemas.Keys.Order(StringComparer.Ordinal);

        Assert.That(DtoNames.Order(StringComparer.Ordinal), Is.EqualTo(schemaNames));
    }
}
