using System;
using Fxs.Core.Line;

namespace Fxs.Core.Tests.Calls
{
    /// <summary>
    /// How a national number is written (TP-3, issue #13 items 8 and 9): the one rule that the IVR
    /// reads numbers back by and the settings site shows them by (the backend compiles the same file;
    /// tests/Fxs.Backend.Tests checks its display).
    /// </summary>
    public class NumberGroupsTests
    {
        private static string Written(string number)
        {
            if (!NumberGroups.Split(number, out int first, out int second)) { return number; }
            return number.Substring(0, first) + "-" + number.Substring(first, second) + "-" + number.Substring(first + second);
        }

        [Theory]
        // Fixed lines, 10 digits: area code 2-5 digits, exchange 4-1, subscriber 4.
        [InlineData("0300001111", "03-0000-1111")]    // Tokyo (the spec's contract number, TP-1)
        [InlineData("0363044747", "03-6304-4747")]    // TP-4's East access number
        [InlineData("0664806430", "06-6480-6430")]    // TP-4's West access number
        [InlineData("0451234567", "045-123-4567")]    // Yokohama
        [InlineData("0112345678", "011-234-5678")]    // Sapporo
        [InlineData("0422123456", "0422-12-3456")]    // Musashino: a 4-digit code that begins like 042
        [InlineData("0421234567", "042-123-4567")]    // Tama's 3-digit 042 itself
        [InlineData("0123456789", "0123-45-6789")]    // Chitose: not in the table, 4 digits
        [InlineData("0276123456", "0276-12-3456")]    // Ota: a 4-digit code that begins like 027 (Maebashi)
        [InlineData("0272123456", "027-212-3456")]    // Maebashi
        [InlineData("0178123456", "0178-12-3456")]    // Hachinohe: begins like 017 (Aomori)
        [InlineData("0177123456", "017-712-3456")]    // Aomori
        [InlineData("0952123456", "0952-12-3456")]    // Saga: begins like 095 (Nagasaki)
        [InlineData("0958123456", "095-812-3456")]    // Nagasaki
        [InlineData("0499212345", "04992-1-2345")]    // Izu Oshima: 5-digit area code
        [InlineData("0980212345", "09802-1-2345")]    // Minami-Daito
        [InlineData("0851212345", "08512-1-2345")]    // Oki
        // Mobiles, IP phones, M2M, UPT: 11 digits, 3-4-4.
        [InlineData("09012345678", "090-1234-5678")]
        [InlineData("08012345678", "080-1234-5678")]
        [InlineData("07012345678", "070-1234-5678")]
        [InlineData("05012345678", "050-1234-5678")]
        [InlineData("02012345678", "020-1234-5678")]
        [InlineData("06012345678", "060-1234-5678")]
        // Nationwide services.
        [InlineData("0120123456", "0120-123-456")]
        [InlineData("0570123456", "0570-123-456")]
        [InlineData("0990123456", "0990-123-456")]
        [InlineData("08001234567", "0800-123-4567")]
        // No written groups: shown and read as keyed.
        [InlineData("12345", "12345")]                // a local number without area code
        [InlineData("0312345", "0312345")]            // too short
        [InlineData("031234567890", "031234567890")]  // too long
        [InlineData("0901234567", "0901234567")]      // a mobile short of a digit
        [InlineData("0312345678", "03-1234-5678")]
        [InlineData("0012345678", "0012345678")]      // carrier prefix
        [InlineData("01012345678", "01012345678")]    // international
        [InlineData("03123a5678", "03123a5678")]      // not digits
        [InlineData("3123456789", "3123456789")]      // not from 0
        [InlineData("", "")]
        public void NationalNumbersAreWrittenByTheNumberingPlan(string number, string written)
        {
            Assert.Equal(written, Written(number));
        }

        [Fact]
        public void AFixedNumbersAreaCodeAndExchangeAreSixDigitsAndTheSubscriberFour()
        {
            var random = new Random(13);
            for (int k = 0; k < 20000; k++)
            {
                char[] d = new char[10];
                d[0] = '0';
                for (int i = 1; i < 10; i++) { d[i] = (char)('0' + random.Next(10)); }
                string number = new string(d);
                bool grouped = NumberGroups.Split(number, out int first, out int second);
                // Grouped exactly when the dial plan takes it as a complete 10-digit national number.
                bool national = DialPlan.Check(d, 10) == DialResult.Complete && DialPlan.KindOf(d, 10) == NumberKind.National10;
                Assert.True(grouped == national, number);
                if (!grouped) { continue; }
                Assert.InRange(first, 2, 5);
                Assert.InRange(second, 1, 4);
                bool service = number.StartsWith("0120") || number.StartsWith("0570") || number.StartsWith("0990");
                Assert.Equal(service ? 7 : 6, first + second); // subscriber: 4 digits (services: 3)
            }
        }

        [Fact]
        public void ElevenDigitNumbersAreGroupedExactlyWhenTheDialPlanCountsThemEleven()
        {
            var random = new Random(9);
            for (int k = 0; k < 20000; k++)
            {
                char[] d = new char[11];
                d[0] = '0';
                for (int i = 1; i < 11; i++) { d[i] = (char)('0' + random.Next(10)); }
                if (k % 2 == 0) { d[2] = '0'; } // half of them from 0X0, where the 11-digit kinds are
                string number = new string(d);
                bool grouped = NumberGroups.Split(number, out int first, out int second);
                bool national = DialPlan.Check(d, 11) == DialResult.Complete && DialPlan.KindOf(d, 11) == NumberKind.National11;
                Assert.True(grouped == national, number);
                if (grouped) { Assert.Equal(7, first + second); }
            }
        }

        [Fact]
        public void SplittingAllocatesNothing()
        {
            string[] numbers = { "0300001111", "0499212345", "09012345678", "0120123456", "12345" };
            NumberGroups.Split("0422123456", out _, out _); // warm-up (the table's static constructor)
            int sum = 0;
            long allocated = Allocations.During(() =>
            {
                foreach (string n in numbers)
                {
                    NumberGroups.Split(n, out int first, out int second);
                    sum += first + second;
                }
            });
            Assert.Equal(0, allocated);
            Assert.Equal(6 + 6 + 7 + 7 + 0, sum);
        }
    }
}
