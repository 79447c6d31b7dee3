using Fxs.Core.Line;

namespace Fxs.Core.Tests.Calls
{
    public class DialPlanTests
    {
        private static DialResult Check(string keys) => DialPlan.Check(keys.ToCharArray(), keys.Length);

        [Theory]
        [InlineData("0363044747", NumberKind.National10)]
        [InlineData("0664806430", NumberKind.National10)]
        [InlineData("0120123456", NumberKind.National10)]
        [InlineData("0570123456", NumberKind.National10)]
        [InlineData("05012345678", NumberKind.National11)]
        [InlineData("09012345678", NumberKind.National11)]
        [InlineData("08012345678", NumberKind.National11)]
        [InlineData("07012345678", NumberKind.National11)]
        [InlineData("02012345678", NumberKind.National11)]
        [InlineData("08001234567", NumberKind.National11)]
        [InlineData("110", NumberKind.Special)]
        [InlineData("117", NumberKind.Special)]
        [InlineData("118", NumberKind.Special)]
        [InlineData("119", NumberKind.Special)]
        [InlineData("171", NumberKind.Special)]
        [InlineData("177", NumberKind.Special)]
        [InlineData("1840312345678", NumberKind.National10)]
        [InlineData("18609012345678", NumberKind.National11)]
        [InlineData("23456789", NumberKind.Local)]
        [InlineData("#8000", NumberKind.HashDial)]
        public void CompleteNumbers(string number, NumberKind kind)
        {
            Assert.Equal(DialResult.Complete, Check(number));
            Assert.Equal(kind, DialPlan.KindOf(number.ToCharArray(), number.Length));
            for (int n = 1; n < number.Length; n++)
            {
                DialResult prefix = Check(number.Substring(0, n));
                Assert.True(prefix == DialResult.Incomplete || prefix == DialResult.OpenEnded, number.Substring(0, n) + ": " + prefix);
            }
        }

        [Theory]
        [InlineData("03630447470")]   // one digit too many
        [InlineData("104")]
        [InlineData("100")]
        [InlineData("12")]
        [InlineData("*")]
        [InlineData("A")]
        [InlineData("03*")]
        [InlineData("234567890")]     // local numbers have 8 digits at most
        [InlineData("#80001")]
        [InlineData("184110")]        // no special number behind the prefix
        public void InvalidNumbers(string keys)
        {
            Assert.Equal(DialResult.Invalid, Check(keys));
        }

        [Theory]
        [InlineData("0")]
        [InlineData("03")]
        [InlineData("036304474")]
        [InlineData("1")]
        [InlineData("11")]
        [InlineData("17")]
        [InlineData("184")]
        [InlineData("#80")]
        public void IncompleteNumbersOfKnownLength(string keys)
        {
            Assert.Equal(DialResult.Incomplete, Check(keys));
        }

        [Theory]
        [InlineData("010")]
        [InlineData("0101234567")]
        [InlineData("0033")]
        [InlineData("2")]
        [InlineData("2345678")]
        public void OpenLengthNumbersEndByTimeoutOrHash(string keys)
        {
            Assert.Equal(DialResult.OpenEnded, Check(keys));
        }

        [Fact]
        public void NothingLongerThanTheMaximum()
        {
            string keys = "010" + new string('1', DialPlan.MaxDigits - 3);
            Assert.Equal(DialResult.OpenEnded, Check(keys));
            Assert.Equal(DialResult.Invalid, Check(keys + "1"));
        }
    }
}
