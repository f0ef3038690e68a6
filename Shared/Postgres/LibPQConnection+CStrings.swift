import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension LibPQConnection {
    /// NULL-terminated keyword and value arrays for `PQconnectdbParams`, valid during `body`.
    static func withCStrings<Result>(
        _ pairs: [(String, String)],
        _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> Result
    ) -> Result {
        let keywords = pairs.map { UnsafePointer(strdup($0.0)) } + [nil]
        let values = pairs.map { UnsafePointer(strdup($0.1)) } + [nil]
        defer {
            for pointer in keywords + values { free(UnsafeMutablePointer(mutating: pointer)) }
        }
        return keywords.withUnsafeBufferPointer { keywordBuffer in
            values.withUnsafeBufferPointer { valueBuffer in
                body(keywordBuffer.baseAddress!, valueBuffer.baseAddress!)
            }
        }
    }

    /// Parameter count, type OIDs and text values (NULL pointers for SQL NULL) for `PQexecParams`.
    static func withParameterArrays<Result>(
        _ parameters: [PostgresEncodedParameter],
        _ body: (Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?) -> Result
    ) -> Result {
        guard !parameters.isEmpty else { return body(0, nil, nil) }
        let types: [Oid] = parameters.map { $0.typeOID }
        let values: [UnsafePointer<CChar>?] = parameters.map { parameter in
            parameter.text.map { UnsafePointer(strdup($0)) }
        }
        defer {
            for pointer in values { free(UnsafeMutablePointer(mutating: pointer)) }
        }
        return types.withUnsafeBufferPointer { typeBuffer in
            values.withUnsafeBufferPointer { valueBuffer in
                body(Int32(parameters.count), typeBuffer.baseAddress, valueBuffer.baseAddress)
            }
        }
    }
}
