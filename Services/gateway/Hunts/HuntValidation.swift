import Domain
import Foundation
import Hummingbird
import HuntStore

/// The rules of a ``HuntDefinition``, every bad field named by its path (`criteria.price`,
/// `steps[1].templates.sms`). `templates` are the account's templates the steps name (missing ones: another
/// account's or deleted).
enum HuntValidation {
    static func errors(_ hunt: HuntDefinition, templates: [UUID: MessageTemplate]) -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        func add(_ field: String, _ message: String) { errors.append(.init(field: field, message: message)) }
        if hunt.name.allSatisfy(\.isWhitespace) || hunt.name.count > 200 { add("name", "must be 1 to 200 characters") }
        if let squid = hunt.squidId, squid.isEmpty || squid.utf8.count > 100 {
            add("squidId", "must be 1 to 100 characters")
        }
        errors += criteria(hunt.criteria)
        if hunt.steps.isEmpty || hunt.steps.count > 10 { add("steps", "must hold 1 to 10 steps") }
        for (index, step) in hunt.steps.enumerated() {
            errors += self.step(step, index: index, templates: templates)
        }
        if let limit = hunt.dailyLimit, !(1...10_000).contains(limit) { add("dailyLimit", "must be from 1 to 10000") }
        if let window = hunt.window { errors += self.window(window) }
        return errors
    }

    private static func criteria(_ criteria: HuntCriteria) -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        func add(_ field: String, _ message: String) {
            errors.append(.init(field: "criteria." + field, message: message))
        }
        func range(_ name: String, _ range: HuntCriteria.Range?, within bounds: ClosedRange<Double>) {
            guard let range else { return }
            if let min = range.min, !bounds.contains(min) {
                add(name + ".min", "must be from \(bounds.lowerBound) to \(bounds.upperBound)")
            }
            if let max = range.max, !bounds.contains(max) {
                add(name + ".max", "must be from \(bounds.lowerBound) to \(bounds.upperBound)")
            }
            if let min = range.min, let max = range.max, min > max { add(name, "min must not be above max") }
        }
        range("price", criteria.price, within: 0...10_000_000)
        range("year", criteria.year, within: 1900...2100)
        range("mileage", criteria.mileage, within: 0...5_000_000)
        range("adAgeDays", criteria.adAgeDays, within: 0...3650)
        for (name, list) in [("brands", criteria.brands), ("models", criteria.models)] {
            if let list, list.isEmpty || list.count > 100 || list.contains(where: { $0.allSatisfy(\.isWhitespace) }) {
                add(name, "must be 1 to 100 names, none blank")
            }
        }
        if let category = criteria.category, category.allSatisfy(\.isWhitespace) {
            add("category", "must not be blank")
        }
        if let center = criteria.center {
            if !(-90...90).contains(center.lat) { add("center.lat", "must be from -90 to 90") }
            if !(-180...180).contains(center.lng) { add("center.lng", "must be from -180 to 180") }
        }
        if let postcode = criteria.postcode,
            postcode.count != 5 || !postcode.allSatisfy(\.isASCII)
                || !postcode.allSatisfy(\.isNumber)
        {
            add("postcode", "must be a 5-digit French postcode")
        }
        let hasCentre = criteria.center != nil || criteria.postcode != nil
        if criteria.center != nil, criteria.postcode != nil { add("postcode", "is not allowed with a center") }
        switch (hasCentre, criteria.radiusKm) {
        case (true, nil): add("radiusKm", "is required with a center or a postcode")
        case (false, _?): add("center", "a center or a postcode is required with a radius")
        case (_, let radius?) where !(1...1000).contains(radius): add("radiusKm", "must be from 1 to 1000")
        default: break
        }
        return errors
    }

    private static func step(_ step: HuntStep, index: Int, templates: [UUID: MessageTemplate])
        -> [ProblemDetails.FieldError]
    {
        var errors: [ProblemDetails.FieldError] = []
        let path = "steps[\(index)]"
        func add(_ field: String, _ message: String) { errors.append(.init(field: path + field, message: message)) }
        if index == 0, let days = step.afterDays, days != 0 {
            add(".afterDays", "must be 0 (or absent) on the first step")
        }
        if index > 0, !(1...90).contains(step.afterDays ?? 0) {
            add(".afterDays", "must be from 1 to 90 on a follow-up")
        }
        let channels = step.channels.compactMap(Channel.init(rawValue:))
        if step.channels.isEmpty || channels.count != step.channels.count || Set(channels).count != channels.count {
            add(".channels", "must list sms, whatsapp or voice, each at most once")
        }
        if let variants = step.variants, variants.isEmpty || variants.count > 4 {
            add(".variants", "must hold 1 to 4 more template sets")
        }
        for (number, set) in step.templateSets.enumerated() {
            let prefix = number == 0 ? ".templates" : ".variants[\(number - 1)]"
            for (field, message) in self.templates(set, channels: channels, known: templates) {
                add(prefix + field, message)
            }
        }
        return errors
    }

    /// The problems of one template map of a step (`.sms`, message).
    private static func templates(_ set: [String: String], channels: [Channel], known: [UUID: MessageTemplate])
        -> [(String, String)]
    {
        var errors: [(String, String)] = []
        for channel in channels {
            let field = ".\(channel.rawValue)"
            guard let text = set[channel.rawValue] else {
                errors.append((field, "is required for a channel the step uses"))
                continue
            }
            guard let id = UUID(uuidString: text), let template = known[id] else {
                errors.append((field, "is not a template of this account"))
                continue
            }
            if template.channel != channel { errors.append((field, "is a \(template.channel.rawValue) template")) }
        }
        for key in set.keys.sorted() where Channel(rawValue: key).map({ !channels.contains($0) }) ?? true {
            errors.append((".\(key)", "names a channel the step does not use"))
        }
        return errors
    }

    private static func window(_ window: SendingWindow) -> [ProblemDetails.FieldError] {
        var errors: [ProblemDetails.FieldError] = []
        func add(_ field: String, _ message: String) {
            errors.append(.init(field: "window." + field, message: message))
        }
        if window.days.isEmpty || window.days.contains(where: { !(1...7).contains($0) })
            || Set(window.days).count != window.days.count
        {
            add("days", "must list days 1 (Monday) to 7 (Sunday), each at most once")
        }
        let from = SendingWindow.minutes(window.from)
        let to = SendingWindow.minutes(window.to)
        if from == nil { add("from", "must be HH:MM") }
        if to == nil { add("to", "must be HH:MM") }
        if let from, let to, from >= to { add("to", "must be after from") }
        if TimeZone(identifier: window.timeZone) == nil {
            add("timeZone", "must be an IANA time zone such as Europe/Paris")
        }
        return errors
    }
}
