using Aggregator.Shared.Hocon;
using FsCheck;
using FsCheck.Fluent;

namespace Aggregator.Shared.Tests.Hocon;

public class HoconRendererTests
{
    private static readonly char[] Alphabet =
        ['a', 'b', 'z', 'A', '0', '7', '-', '_', '.', ' ', '\t', '\n', '"', '\\', '/', '#', '$', '{', '}', '[', ']', ':', '=', ',', '+', '?', 'é', '\u0001', '\u00a0', '字'];

    private static readonly Gen<string> Text = Gen.ListOf(Gen.Elements(Alphabet), 6).Select(chars => new string([.. chars]));

    private static readonly Gen<string> Word = Gen.Elements("a", "name", "site-label", "true", "null", "include", "x.y", "10", "agg-0", "", "p q");

    private static readonly Gen<HoconValue> Scalar = Gen.OneOf(
        Text.Select(s => (HoconValue)HoconScalar.String(s)),
        Word.Select(s => (HoconValue)HoconScalar.String(s)),
        Gen.Choose(-1000, 1000).Select(n => (HoconValue)HoconScalar.Number(n)),
        Gen.Choose(-1000, 1000).Select(n => (HoconValue)HoconScalar.Number(n / 8.0 * 1e18)),
        Gen.Elements(true, false).Select(b => (HoconValue)HoconScalar.Boolean(b)),
        Gen.Constant((HoconValue)HoconScalar.Null()));

    private static Gen<HoconValue> Value(int size) => size <= 1
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (1, Gen.ListOf(Value(size / 3), 4).Select(items => (HoconValue)new HoconArray(HoconPosition.None, [.. items]))),
            (1, Object(size / 3).Select(o => (HoconValue)o)));

    private static Gen<HoconObject> Object(int size) =>
        Gen.ListOf(Gen.OneOf(Text, Word).Zip(Value(size)), 5).Select(fields =>
        {
            var map = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
            foreach (var (key, value) in fields)
            {
                map[key] = value;
            }
            return new HoconObject(HoconPosition.None, map);
        });

    private static readonly Arbitrary<HoconObject> Trees = Gen.Sized(size => Object(Math.Min(size, 30))).ToArbitrary();

    [Fact]
    public void Render_JsonStyle_ParsesBackEqual()
    {
        Prop.ForAll(Trees, tree =>
        {
            var text = HoconRenderer.Render(tree);
            return HoconValue.DeepEquals(tree, HoconLoader.ParseString(text, "rt.conf", _ => null).Root);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Render_HoconStyle_ParsesBackEqual()
    {
        Prop.ForAll(Trees, tree =>
        {
            var text = HoconRenderer.Render(tree, unquoted: true);
            return HoconValue.DeepEquals(tree, HoconLoader.ParseString(text, "rt.conf", _ => null).Root);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Render_HoconStyle_LeavesSafeTextUnquoted()
    {
        var tree = HoconLoader.ParseString("a { b = [x, \"y z\", 1] }\n\"c.d\" = true", "r.conf", _ => null).Root;
        Assert.Equal("{\n  a {\n    b = [x\n      \"y z\"\n      1]\n  }\n  \"c.d\" = true\n}", HoconRenderer.Render(tree, unquoted: true));
    }
}
