#include "scheduler/cron_schedule.h"

#include <cctz/time_zone.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "asynq/errors.h"

namespace asynq::scheduler {
namespace {

using std::chrono::system_clock;

cctz::time_zone zone(const std::string& name) {
    cctz::time_zone tz;
    EXPECT_TRUE(cctz::load_time_zone(name, &tz)) << name;
    return tz;
}

// RFC 3339 with an explicit offset, so every expectation is one unambiguous instant; "" is the zero time.
system_clock::time_point at(const std::string& text) {
    if (text.empty()) return {};
    system_clock::time_point tp;
    EXPECT_TRUE(cctz::parse("%Y-%m-%dT%H:%M:%E*S%Ez", text, cctz::utc_time_zone(), &tp)) << text;
    return tp;
}

std::string utc(system_clock::time_point tp) {
    return cctz::format("%Y-%m-%dT%H:%M:%E*S%Ez", tp, cctz::utc_time_zone());
}

struct Case {
    std::string spec;
    std::string zone;                   // default zone passed to parse
    std::string after;                  // start instant
    std::vector<std::string> expected;  // successive next() results, each computed from the previous one
};

void check(const std::vector<Case>& cases) {
    for (const auto& c : cases) {
        SCOPED_TRACE(c.spec + " in " + c.zone + " after " + c.after);
        const auto schedule = CronSchedule::parse(c.spec, zone(c.zone));
        EXPECT_EQ(schedule.spec(), c.spec);
        auto from = at(c.after);
        for (const auto& expected : c.expected) {
            const auto next = schedule.next(from);
            EXPECT_EQ(utc(next), utc(at(expected)));
            from = next;
        }
    }
}

// Known answers from robfig/cron's spec_test.go (seconds field dropped; times in UTC).
TEST(CronSchedule, MatchesRobfigKnownAnswers) {
    check({
        {"0/15 * * * *", "UTC", "2012-07-09T14:45:00Z", {"2012-07-09T15:00:00Z"}},
        {"0/15 * * * *", "UTC", "2012-07-09T14:59:00Z", {"2012-07-09T15:00:00Z"}},
        {"0/15 * * * *", "UTC", "2012-07-09T14:59:59Z", {"2012-07-09T15:00:00Z"}},
        {"20-35/15 * * * *", "UTC", "2012-07-09T15:45:00Z", {"2012-07-09T16:20:00Z"}},
        {"*/15 * * * *", "UTC", "2012-07-09T23:46:00Z", {"2012-07-10T00:00:00Z"}},
        {"20-35/15 * * * *", "UTC", "2012-07-09T23:45:00Z", {"2012-07-10T00:20:00Z"}},
        {"0 0 9 Apr-Oct ?", "UTC", "2012-07-09T23:35:00Z", {"2012-08-09T00:00:00Z"}},
        // `*/5` is not a star in v3, so day-of-month and day-of-week combine with OR: the 1st wins.
        {"0 0 */5 Apr,Aug,Oct Mon", "UTC", "2012-07-09T23:35:00Z", {"2012-08-01T00:00:00Z"}},
        {"0 0 */5 Oct Mon", "UTC", "2012-07-09T23:35:00Z", {"2012-10-01T00:00:00Z"}},
        {"0 0 * Feb Mon", "UTC", "2012-07-09T23:35:00Z", {"2013-02-04T00:00:00Z"}},
        {"0 0 * Feb Mon/2", "UTC", "2012-07-09T23:35:00Z", {"2013-02-01T00:00:00Z"}},
        {"* * * * *", "UTC", "2012-12-31T23:59:45Z", {"2013-01-01T00:00:00Z"}},
        {"0 0 29 Feb ?", "UTC", "2012-07-09T23:35:00Z", {"2016-02-29T00:00:00Z"}},
        {"0 0 30 Feb ?", "UTC", "2012-07-09T23:35:00Z", {""}},
        {"0 0 31 Apr ?", "UTC", "2012-07-09T23:35:00Z", {""}},
    });
}

TEST(CronSchedule, FieldsListsRangesStepsAndNames) {
    check({
        // Every minute, strictly after the start, on whole seconds.
        {"* * * * *", "UTC", "2026-05-01T10:00:30.5Z", {"2026-05-01T10:01:00Z", "2026-05-01T10:02:00Z"}},
        {"5,10,50 * * * *", "UTC", "2026-05-01T10:10:00Z", {"2026-05-01T10:50:00Z", "2026-05-01T11:05:00Z"}},
        {"*/20 9-10 * * *", "UTC", "2026-05-01T10:40:00Z", {"2026-05-02T09:00:00Z", "2026-05-02T09:20:00Z"}},
        {"50/5 * * * *", "UTC", "2026-05-01T10:51:00Z", {"2026-05-01T10:55:00Z", "2026-05-01T11:50:00Z"}},
        {"0 12 * * MON-fri", "UTC", "2026-05-02T00:00:00Z", {"2026-05-04T12:00:00Z", "2026-05-05T12:00:00Z"}},
        {"0 0 1 jUn *", "UTC", "2026-01-01T00:00:00Z", {"2026-06-01T00:00:00Z", "2027-06-01T00:00:00Z"}},
        {"0 0 * * 0", "UTC", "2026-05-06T00:00:00Z", {"2026-05-10T00:00:00Z"}},
        // The 31st skips short months; the 29th of February waits for a leap year.
        {"0 0 31 * *", "UTC", "2026-01-31T00:00:00Z", {"2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z"}},
        {"0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z", {"2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"}},
    });
}

// Both day fields restricted: either matches. One of them a star (`*`, `?`, `*/1`): both must match.
TEST(CronSchedule, DayOfMonthAndDayOfWeekRule) {
    check({
        {"0 0 10 * 1", "UTC", "2026-02-03T00:00:00Z", {"2026-02-09T00:00:00Z", "2026-02-10T00:00:00Z"}},
        {"0 0 */10 * 1", "UTC", "2026-02-10T00:00:00Z", {"2026-02-11T00:00:00Z", "2026-02-16T00:00:00Z"}},
        {"0 0 1-31 * 1", "UTC", "2026-02-10T00:00:00Z", {"2026-02-11T00:00:00Z"}},
        {"0 0 */1 * 1", "UTC", "2026-02-10T00:00:00Z", {"2026-02-16T00:00:00Z"}},
        {"0 0 ? * 1", "UTC", "2026-02-10T00:00:00Z", {"2026-02-16T00:00:00Z"}},
        {"0 0 1,15 * *", "UTC", "2026-02-10T00:00:00Z", {"2026-02-15T00:00:00Z", "2026-03-01T00:00:00Z"}},
        {"0 0 13 * */1", "UTC", "2026-02-01T00:00:00Z", {"2026-02-13T00:00:00Z", "2026-03-13T00:00:00Z"}},
    });
}

TEST(CronSchedule, Descriptors) {
    const std::string after = "2026-05-06T10:20:30Z";  // a Wednesday
    check({
        {"@yearly", "UTC", after, {"2027-01-01T00:00:00Z"}},
        {"@annually", "UTC", after, {"2027-01-01T00:00:00Z"}},
        {"@monthly", "UTC", after, {"2026-06-01T00:00:00Z"}},
        {"@weekly", "UTC", after, {"2026-05-10T00:00:00Z", "2026-05-17T00:00:00Z"}},
        {"@daily", "UTC", after, {"2026-05-07T00:00:00Z"}},
        {"@midnight", "UTC", after, {"2026-05-07T00:00:00Z"}},
        {"@hourly", "UTC", after, {"2026-05-06T11:00:00Z", "2026-05-06T12:00:00Z"}},
        {"@daily", "Asia/Tokyo", after, {"2026-05-06T15:00:00Z"}},
    });
}

// A constant delay from the start truncated to the second; sub-second parts of the delay are dropped.
TEST(CronSchedule, Every) {
    check({
        {"@every 1h30m", "UTC", "2026-05-06T10:20:30.75Z", {"2026-05-06T11:50:30Z", "2026-05-06T13:20:30Z"}},
        {"@every 2m30.9s", "UTC", "2026-05-06T10:20:30Z", {"2026-05-06T10:23:00Z"}},
        {"@every 1.5s", "UTC", "2026-05-06T10:20:30Z", {"2026-05-06T10:20:31Z"}},
        {"@every 100ms", "UTC", "2026-05-06T10:20:30.5Z", {"2026-05-06T10:20:31Z"}},
        {"CRON_TZ=Asia/Tokyo @every 5s", "UTC", "2026-05-06T10:20:30Z", {"2026-05-06T10:20:35Z"}},
    });
}

TEST(CronSchedule, TimeZonePrefixAndDefaultZone) {
    check({
        {"CRON_TZ=Asia/Tokyo 0 9 * * *", "UTC", "2026-05-05T23:59:59Z", {"2026-05-06T00:00:00Z"}},
        {"CRON_TZ=Asia/Tokyo 0 9 * * *", "UTC", "2026-05-06T00:00:00Z", {"2026-05-07T00:00:00Z"}},
        {"TZ=America/New_York 0 9 * * *", "UTC", "2026-05-06T00:00:00Z", {"2026-05-06T13:00:00Z"}},
        {"0 9 * * *", "America/New_York", "2026-05-06T00:00:00Z", {"2026-05-06T13:00:00Z"}},
        {"CRON_TZ=UTC 0 9 * * *", "America/New_York", "2026-05-06T00:00:00Z", {"2026-05-06T09:00:00Z"}},
        {"TZ=UTC   @daily", "America/New_York", "2026-05-06T10:00:00Z", {"2026-05-07T00:00:00Z"}},
    });
}

// America/New_York: 2026-03-08 02:00 EST jumps to 03:00 EDT; 2026-11-01 02:00 EDT falls back to 01:00 EST.
TEST(CronSchedule, DaylightSavingTransitions) {
    const std::string ny = "America/New_York";
    check({
        // A time inside the skipped hour does not fire that day.
        {"30 2 * * *", ny, "2026-03-08T00:00:00-05:00", {"2026-03-09T02:30:00-04:00"}},
        {"0 2 * * *", ny, "2026-03-08T00:00:00-05:00", {"2026-03-09T02:00:00-04:00"}},
        {"0 1 * * *", ny, "2026-03-08T00:00:00-05:00", {"2026-03-08T01:00:00-05:00", "2026-03-09T01:00:00-04:00"}},
        {"0 * * * *", ny, "2026-03-08T01:00:00-05:00", {"2026-03-08T03:00:00-04:00"}},
        // A time inside the repeated hour fires twice.
        {"30 1 * * *",
         ny,
         "2026-11-01T00:00:00-04:00",
         {"2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00"}},
        {"0 * * * *",
         ny,
         "2026-11-01T00:00:00-04:00",
         {"2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00"}},
        {"30 2 * * *", ny, "2026-11-01T00:00:00-04:00", {"2026-11-01T02:30:00-05:00"}},
        {"0 3 3 * *", ny, "2026-11-01T00:00:00-04:00", {"2026-11-03T03:00:00-05:00"}},
        // robfig/cron issue 157: a DST change at midnight (São Paulo, 2018-11-04) must not derail the day search.
        {"CRON_TZ=America/Sao_Paulo 0 9 10 * *", "UTC", "2018-10-17T05:00:00-04:00", {"2018-11-10T06:00:00-05:00"}},
        {"TZ=America/Sao_Paulo 0 9 22 * *", "UTC", "2018-02-14T05:00:00-05:00", {"2018-02-22T07:00:00-05:00"}},
        // A midnight that never happened is not replaced: the hour search steps in absolute hours past it.
        {"CRON_TZ=America/Sao_Paulo 0 0 * * *",
         "UTC",
         "2018-11-03T12:00:00-03:00",
         {"2018-11-05T00:00:00-02:00", "2018-11-06T00:00:00-02:00"}},
    });
}

// robfig/cron v3.0.1's DST answers for 2012 in New York (seconds field dropped).
TEST(CronSchedule, MatchesRobfigDstAnswers) {
    const std::string ny = "America/New_York";
    check({
        {"TZ=America/New_York 30 2 11 Mar ?", "UTC", "2012-03-11T00:00:00-05:00", {"2013-03-11T02:30:00-04:00"}},
        {"TZ=America/New_York 0 * * * ?",
         "UTC",
         "2012-03-11T00:00:00-05:00",
         {"2012-03-11T01:00:00-05:00", "2012-03-11T03:00:00-04:00", "2012-03-11T04:00:00-04:00"}},
        {"CRON_TZ=America/New_York 0 1 * * ?",
         "UTC",
         "2012-03-11T00:00:00-05:00",
         {"2012-03-11T01:00:00-05:00", "2012-03-12T01:00:00-04:00"}},
        {"TZ=America/New_York 0 2 * * ?", "UTC", "2012-03-11T00:00:00-05:00", {"2012-03-12T02:00:00-04:00"}},
        {"TZ=America/New_York 30 2 04 Nov ?", "UTC", "2012-11-04T00:00:00-04:00", {"2012-11-04T02:30:00-05:00"}},
        {"TZ=America/New_York 30 1 04 Nov ?", "UTC", "2012-11-04T01:45:00-04:00", {"2012-11-04T01:30:00-05:00"}},
        {"0 * * * ?",
         ny,
         "2012-11-04T00:00:00-04:00",
         {"2012-11-04T01:00:00-04:00", "2012-11-04T01:00:00-05:00", "2012-11-04T02:00:00-05:00"}},
        {"0 1 * * ?",
         ny,
         "2012-11-04T00:00:00-04:00",
         {"2012-11-04T01:00:00-04:00", "2012-11-04T01:00:00-05:00", "2012-11-05T01:00:00-05:00"}},
        {"0 2 * * ?", ny, "2012-11-04T00:00:00-04:00", {"2012-11-04T02:00:00-05:00", "2012-11-05T02:00:00-05:00"}},
        {"0 3 * * ?", ny, "2012-11-04T00:00:00-04:00", {"2012-11-04T03:00:00-05:00", "2012-11-05T03:00:00-05:00"}},
        {"0 3 3 * ?", ny, "2012-11-04T00:00:00-04:00", {"2012-12-03T03:00:00-05:00"}},
        // robfig's TestNextWithTz: a zone ahead of UTC (+05:30), no DST.
        {"14 14 * * *", "Asia/Kolkata", "2016-01-03T13:09:03+05:30", {"2016-01-03T14:14:00+05:30"}},
        {"14 14 * * ?", "Asia/Kolkata", "2016-01-03T04:09:03+05:30", {"2016-01-03T14:14:00+05:30"}},
    });
}

TEST(CronSchedule, RejectsInvalidSpecsNamingTheField) {
    struct Invalid {
        std::string spec;
        std::string message;  // a fragment of the expected message
    };
    const Invalid cases[] = {
        {"", "empty spec"},
        {"* * * *", "expected exactly 5 fields (minute hour day-of-month month day-of-week), found 4"},
        {"0 * * * * *", "found 6"},
        {"61 * * * *", "minute field \"61\": 61 is above the maximum 59"},
        {"1,61 * * * *", "minute field \"1,61\": 61 is above the maximum 59"},
        {"* 24 * * *", "hour field \"24\": 24 is above the maximum 23"},
        {"* * 0 * *", "day-of-month field \"0\": 0 is below the minimum 1"},
        {"* * * 13 *", "month field \"13\": 13 is above the maximum 12"},
        {"* * * * 7", "day-of-week field \"7\": 7 is above the maximum 6"},
        {"* * * foo *", "month field \"foo\": \"foo\" is not a number or a name"},
        {"* * * * MON-FOO", "day-of-week field \"MON-FOO\": \"FOO\" is not a number or a name"},
        {"x * * * *", "minute field \"x\": \"x\" is not a number"},
        {"5-3 * * * *", "minute field \"5-3\": range start 5 is beyond its end 3"},
        {"*/0 * * * *", "minute field \"*/0\": step in \"*/0\" must be positive"},
        {"*/-1 * * * *", "minute field \"*/-1\": negative number -1 is not allowed"},
        {"1-2-3 * * * *", "minute field \"1-2-3\": too many hyphens"},
        {"*/2/3 * * * *", "minute field \"*/2/3\": too many slashes"},
        {"* * * */jan *", "month field \"*/jan\": \"jan\" is not a number"},
        {"99999999999999999999 * * * *", "is out of range"},
        {"@often", "unknown descriptor \"@often\""},
        {"@every", "unknown descriptor \"@every\""},
        {"@every 5x", "invalid duration \"5x\""},
        {"CRON_TZ=Mars/Olympus_Mons * * * * *", "unknown time zone \"Mars/Olympus_Mons\""},
        {"TZ=../../etc/passwd * * * * *", "unknown time zone \"../../etc/passwd\""},
        {"TZ=/etc/localtime * * * * *", "unknown time zone \"/etc/localtime\""},
        {"CRON_TZ=UTC", "time zone prefix must be followed by a space"},
        {"CRON_TZ=UTC * * *", "found 3"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.spec);
        try {
            (void)CronSchedule::parse(c.spec, cctz::utc_time_zone());
            ADD_FAILURE() << "accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
            const std::string what = e.what();
            EXPECT_NE(what.find("cron spec \"" + c.spec + "\": "), std::string::npos) << what;
            EXPECT_NE(what.find(c.message), std::string::npos) << what;
        }
    }
}

TEST(CronSchedule, AcceptsWhatRobfigAccepts) {
    for (const char* spec : {"*/1 * * * *", "5/15 * * * *", "* * ? * ?", "0 0 * * SUN-SAT", "0 0 1 JAN-dec *",
                             "00 09 01 01 00", "+5 * * * *", " 0  0\t* * * ", "1,,2 * * * *"}) {
        SCOPED_TRACE(spec);
        EXPECT_NO_THROW((void)CronSchedule::parse(spec, cctz::utc_time_zone()));
    }
}

}  // namespace
}  // namespace asynq::scheduler
