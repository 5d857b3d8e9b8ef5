using System.Globalization;
using LangfuseLifecycle.Core.Cost.Exceptions;

namespace LangfuseLifecycle.Core.Cost.Prices;

/// <summary>
/// Region price table read from the tab-separated prices.tsv embedded in this assembly.
/// Parsed by hand: Core uses no JSON, and the data stays a reviewable file with a source and date per price.
/// </summary>
public sealed class PriceTable
{
    private const string ResourceName = "LangfuseLifecycle.Core.Cost.Prices.prices.tsv";
    private static readonly string[] ExpectedHeader = ["region", "item", "value", "unit", "mark", "source", "date"];
    private static readonly Lazy<PriceTable> DefaultTable = new(LoadEmbedded);

    private readonly Dictionary<(string Region, string Item), PriceEntry> entries;

    private PriceTable(Dictionary<(string Region, string Item), PriceEntry> entries)
    {
        this.entries = entries;
        Regions = entries.Keys.Select(key => key.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The table shipped with this build.</summary>
    public static PriceTable Default => DefaultTable.Value;

    public IReadOnlyList<string> Regions { get; }

    public IEnumerable<PriceEntry> Entries => entries.Values;

    public static PriceTable Parse(TextReader reader)
    {
        var parsed = new Dictionary<(string, string), PriceEntry>();
        var headerSeen = false;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split('\t');
            if (!headerSeen)
            {
                if (!cells.SequenceEqual(ExpectedHeader, StringComparer.Ordinal))
                {
                    throw new PriceTableFormatException(lineNumber, $"the header must be '{string.Join("<TAB>", ExpectedHeader)}'.");
                }

                headerSeen = true;
                continue;
            }

            if (cells.Length != ExpectedHeader.Length)
            {
                throw new PriceTableFormatException(lineNumber, $"expected {ExpectedHeader.Length} tab-separated cells, found {cells.Length}.");
            }

            if (!decimal.TryParse(cells[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                throw new PriceTableFormatException(lineNumber, $"value '{cells[2]}' is not a non-negative decimal number.");
            }

            var verification = cells[4] switch
            {
                "S" => PriceVerification.Seen,
                "U" => PriceVerification.Unverified,
                "A" => PriceVerification.Assumption,
                _ => throw new PriceTableFormatException(lineNumber, $"mark '{cells[4]}' must be S, U or A."),
            };

            if (string.IsNullOrWhiteSpace(cells[5]))
            {
                throw new PriceTableFormatException(lineNumber, "every price needs a source (or 'public price list as remembered' with mark U).");
            }

            var entry = new PriceEntry(cells[0], cells[1], value, cells[3], verification, cells[5], cells[6]);
            if (!parsed.TryAdd((entry.Region, entry.Item), entry))
            {
                throw new PriceTableFormatException(lineNumber, $"'{entry.Item}' for {entry.Region} appears twice.");
            }
        }

        if (!headerSeen)
        {
            throw new PriceTableFormatException(lineNumber, "the table has no header line.");
        }

        return new PriceTable(parsed);
    }

    public bool HasRegion(string region) => Regions.Contains(region, StringComparer.Ordinal);

    /// <summary>Throws <see cref="UnknownRegionException"/> naming <paramref name="field"/> when the region has no prices.</summary>
    public void RequireRegion(string region, string field)
    {
        if (!HasRegion(region))
        {
            throw new UnknownRegionException(field, region, Regions);
        }
    }

    /// <summary>The price of <paramref name="item"/>; <paramref name="field"/> is the input that needed it, named in the error.</summary>
    public PriceEntry Get(string region, string item, string field)
    {
        RequireRegion(region, "Region");
        return entries.TryGetValue((region, item), out var entry)
            ? entry
            : throw new MissingPriceException(field, region, item);
    }

    private static PriceTable LoadEmbedded()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded price table '{ResourceName}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
