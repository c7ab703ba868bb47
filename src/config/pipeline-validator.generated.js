// GENERATED from schemas/pipeline.schema.json by scripts/gen-validator.mjs: do not edit.
// Regenerate: node scripts/gen-validator.mjs
/* eslint-disable */
import {createRequire} from "node:module";
const require = createRequire(import.meta.url);
"use strict";
export const V1Pipeline = validate64;
const schema12 = {"description":"flowctl/v1 Pipeline, as written for the original flowctl.","type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"required":["apiVersion","kind","metadata","spec"],"properties":{"apiVersion":{"type":"string","minLength":1,"description":"`flowctl/v1` (older files say `v1`)."},"kind":{"type":"string","const":"Pipeline"},"metadata":{"$ref":"#/definitions/Metadata"},"spec":{"$ref":"#/definitions/Spec"}}};
const pattern0 = new RegExp("^x-", "u");
const func2 = require("ajv/dist/runtime/ucs2length").default;
const schema13 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"required":["name"],"properties":{"name":{"type":"string","minLength":1},"namespace":{"type":"string"},"labels":{"$ref":"#/definitions/StringMap"},"annotations":{"$ref":"#/definitions/StringMap"},"description":{"tsType":"unknown","description":"Ignored by flowctl (not in its model); accepted with a warning, whatever its value. Text is used as the description when spec.description is not set.","deprecationMessage":"metadata.description is not part of the flowctl/v1 model: use spec.description"}}};
const schema14 = {"type":"object","additionalProperties":{"type":"string"}};

function validate12(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema13.required,parentSchema:schema13,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((((((key0 === "name") || (key0 === "namespace")) || (key0 === "labels")) || (key0 === "annotations")) || (key0 === "description")) || (pattern0.test(key0)))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema13,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err2 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema13.properties.name,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.name.type,parentSchema:schema13.properties.name,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.namespace !== undefined){
let data1 = data.namespace;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/namespace",schemaPath:"#/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema13.properties.namespace.type,parentSchema:schema13.properties.namespace,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.labels !== undefined){
let data2 = data.labels;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
let data3 = data2[key1];
if(typeof data3 !== "string"){
const err5 = {instancePath:instancePath+"/labels/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/StringMap/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.additionalProperties.type,parentSchema:schema14.additionalProperties,data:data3};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
else {
const err6 = {instancePath:instancePath+"/labels",schemaPath:"#/definitions/StringMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema14.type,parentSchema:schema14,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.annotations !== undefined){
let data4 = data.annotations;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key2 in data4){
let data5 = data4[key2];
if(typeof data5 !== "string"){
const err7 = {instancePath:instancePath+"/annotations/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/StringMap/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.additionalProperties.type,parentSchema:schema14.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/annotations",schemaPath:"#/definitions/StringMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema14.type,parentSchema:schema14,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema13.type,parentSchema:schema13,data};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
validate12.errors = vErrors;
return errors === 0;
}

const schema16 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"description":{"type":"string"},"driver":{"$ref":"#/definitions/Driver"},"config":{"$ref":"#/definitions/FreeMap"},"logging":{"$ref":"#/definitions/PipelineLogging"},"sources":{"type":"array","items":{"$ref":"#/definitions/Component"}},"processors":{"type":"array","items":{"$ref":"#/definitions/Component"}},"sinks":{"type":"array","items":{"$ref":"#/definitions/Component"}},"pipelines":{"type":"array","items":{"$ref":"#/definitions/Component"}},"consumers":{"description":"Seen in the consumer_app docs; flowctl ignored it. Accepted with a warning, and not run: components to run go under sinks.","deprecationMessage":"flowctl ignored spec.consumers: move the components under sinks","tsType":"unknown"}}};
const schema17 = {"type":"string","enum":["process","container","docker","kubernetes","k8s","nomad","local"],"description":"Informational, as in flowctl: flowctl runs components as local processes."};
const schema18 = {"type":"object","additionalProperties":true,"description":"Free-form map."};
const func4 = Object.prototype.hasOwnProperty;
const schema19 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"enabled":{"type":"boolean"},"buffer_size":{"type":"integer","minimum":1,"description":"Ring buffer capacity in entries."},"buffer_bytes":{"allOf":[{"$ref":"#/definitions/Size"}],"minBytes":1024,"description":"Ring buffer capacity in bytes of entry text; at least 1KiB."},"retention":{"$ref":"#/definitions/Duration"},"store":{"type":"string","enum":["sqlite","none"]},"dir":{"$ref":"#/definitions/Path"},"rotation":{"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"max_size":{"allOf":[{"$ref":"#/definitions/Size"}],"minBytes":1024,"description":"Rotate a log file past this size; at least 1KiB."},"max_files":{"type":"integer","minimum":0,"description":"Old files kept; 0 keeps none."}}},"max_line_bytes":{"allOf":[{"$ref":"#/definitions/Size"}],"minBytes":1024,"description":"Longest line kept whole; at least 1KiB."},"rate_limit":{"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"required":["lines_per_second"],"properties":{"lines_per_second":{"type":"integer","minimum":1},"burst":{"type":"integer","minimum":1}}},"export":{"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"format":{"type":"string","enum":["json","ndjson","csv","text"]},"destination":{"type":"string","minLength":1}}}}};
const schema20 = {"type":["string","integer"],"minimum":0,"pattern":"^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$","patternErrorMessage":"must be a size like 512KiB, 10MB, 1MiB, or a number of bytes"};
const schema21 = {"type":["string","number"],"minimum":0,"pattern":"^\\s*([0-9]+(\\.[0-9]+)?|([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+)\\s*$","patternErrorMessage":"must be a duration like 500ms, 10s, 1m30s, 2h, or a number of seconds"};
const schema22 = {"type":"string","minLength":1,"description":"Relative paths resolve against the pipeline file's folder."};
const pattern4 = new RegExp("^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$", "u");
const pattern5 = new RegExp("^\\s*([0-9]+(\\.[0-9]+)?|([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+)\\s*$", "u");

function validate15(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((func4.call(schema19.properties, key0)) || (pattern0.test(key0)))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema19,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.enabled !== undefined){
let data0 = data.enabled;
if(typeof data0 !== "boolean"){
const err1 = {instancePath:instancePath+"/enabled",schemaPath:"#/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema19.properties.enabled.type,parentSchema:schema19.properties.enabled,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.buffer_size !== undefined){
let data1 = data.buffer_size;
if(!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1)))){
const err2 = {instancePath:instancePath+"/buffer_size",schemaPath:"#/properties/buffer_size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema19.properties.buffer_size.type,parentSchema:schema19.properties.buffer_size,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if((typeof data1 == "number") && (isFinite(data1))){
if(data1 < 1 || isNaN(data1)){
const err3 = {instancePath:instancePath+"/buffer_size",schemaPath:"#/properties/buffer_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema19.properties.buffer_size,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
}
if(data.buffer_bytes !== undefined){
let data2 = data.buffer_bytes;
if((typeof data2 !== "string") && (!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2))))){
const err4 = {instancePath:instancePath+"/buffer_bytes",schemaPath:"#/definitions/Size/type",keyword:"type",params:{type: schema20.type},message:"must be string,integer",schema:schema20.type,parentSchema:schema20,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 < 0 || isNaN(data2)){
const err5 = {instancePath:instancePath+"/buffer_bytes",schemaPath:"#/definitions/Size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema20,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(typeof data2 === "string"){
if(!pattern4.test(data2)){
const err6 = {instancePath:instancePath+"/buffer_bytes",schemaPath:"#/definitions/Size/pattern",keyword:"pattern",params:{pattern: "^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$"},message:"must match pattern \""+"^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$"+"\"",schema:"^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$",parentSchema:schema20,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
if(data.retention !== undefined){
let data3 = data.retention;
if((typeof data3 !== "string") && (!((typeof data3 == "number") && (isFinite(data3))))){
const err7 = {instancePath:instancePath+"/retention",schemaPath:"#/definitions/Duration/type",keyword:"type",params:{type: schema21.type},message:"must be string,number",schema:schema21.type,parentSchema:schema21,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 < 0 || isNaN(data3)){
const err8 = {instancePath:instancePath+"/retention",schemaPath:"#/definitions/Duration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema21,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(typeof data3 === "string"){
if(!pattern5.test(data3)){
const err9 = {instancePath:instancePath+"/retention",schemaPath:"#/definitions/Duration/pattern",keyword:"pattern",params:{pattern: "^\\s*([0-9]+(\\.[0-9]+)?|([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+)\\s*$"},message:"must match pattern \""+"^\\s*([0-9]+(\\.[0-9]+)?|([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+)\\s*$"+"\"",schema:"^\\s*([0-9]+(\\.[0-9]+)?|([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+)\\s*$",parentSchema:schema21,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
if(data.store !== undefined){
let data4 = data.store;
if(typeof data4 !== "string"){
const err10 = {instancePath:instancePath+"/store",schemaPath:"#/properties/store/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema19.properties.store.type,parentSchema:schema19.properties.store,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(!((data4 === "sqlite") || (data4 === "none"))){
const err11 = {instancePath:instancePath+"/store",schemaPath:"#/properties/store/enum",keyword:"enum",params:{allowedValues: schema19.properties.store.enum},message:"must be equal to one of the allowed values",schema:schema19.properties.store.enum,parentSchema:schema19.properties.store,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.dir !== undefined){
let data5 = data.dir;
if(typeof data5 === "string"){
if(func2(data5) < 1){
const err12 = {instancePath:instancePath+"/dir",schemaPath:"#/definitions/Path/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/dir",schemaPath:"#/definitions/Path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.type,parentSchema:schema22,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.rotation !== undefined){
let data6 = data.rotation;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key1 in data6){
if(!(((key1 === "max_size") || (key1 === "max_files")) || (pattern0.test(key1)))){
const err14 = {instancePath:instancePath+"/rotation",schemaPath:"#/properties/rotation/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema19.properties.rotation,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data6.max_size !== undefined){
let data7 = data6.max_size;
if((typeof data7 !== "string") && (!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7))))){
const err15 = {instancePath:instancePath+"/rotation/max_size",schemaPath:"#/definitions/Size/type",keyword:"type",params:{type: schema20.type},message:"must be string,integer",schema:schema20.type,parentSchema:schema20,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 < 0 || isNaN(data7)){
const err16 = {instancePath:instancePath+"/rotation/max_size",schemaPath:"#/definitions/Size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema20,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(typeof data7 === "string"){
if(!pattern4.test(data7)){
const err17 = {instancePath:instancePath+"/rotation/max_size",schemaPath:"#/definitions/Size/pattern",keyword:"pattern",params:{pattern: "^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$"},message:"must match pattern \""+"^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$"+"\"",schema:"^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$",parentSchema:schema20,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
if(data6.max_files !== undefined){
let data8 = data6.max_files;
if(!(((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8))) && (isFinite(data8)))){
const err18 = {instancePath:instancePath+"/rotation/max_files",schemaPath:"#/properties/rotation/properties/max_files/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema19.properties.rotation.properties.max_files.type,parentSchema:schema19.properties.rotation.properties.max_files,data:data8};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if((typeof data8 == "number") && (isFinite(data8))){
if(data8 < 0 || isNaN(data8)){
const err19 = {instancePath:instancePath+"/rotation/max_files",schemaPath:"#/properties/rotation/properties/max_files/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema19.properties.rotation.properties.max_files,data:data8};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
}
else {
const err20 = {instancePath:instancePath+"/rotation",schemaPath:"#/properties/rotation/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema19.properties.rotation.type,parentSchema:schema19.properties.rotation,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.max_line_bytes !== undefined){
let data9 = data.max_line_bytes;
if((typeof data9 !== "string") && (!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9))))){
const err21 = {instancePath:instancePath+"/max_line_bytes",schemaPath:"#/definitions/Size/type",keyword:"type",params:{type: schema20.type},message:"must be string,integer",schema:schema20.type,parentSchema:schema20,data:data9};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 < 0 || isNaN(data9)){
const err22 = {instancePath:instancePath+"/max_line_bytes",schemaPath:"#/definitions/Size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema20,data:data9};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(typeof data9 === "string"){
if(!pattern4.test(data9)){
const err23 = {instancePath:instancePath+"/max_line_bytes",schemaPath:"#/definitions/Size/pattern",keyword:"pattern",params:{pattern: "^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$"},message:"must match pattern \""+"^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$"+"\"",schema:"^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$",parentSchema:schema20,data:data9};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
if(data.rate_limit !== undefined){
let data10 = data.rate_limit;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.lines_per_second === undefined){
const err24 = {instancePath:instancePath+"/rate_limit",schemaPath:"#/properties/rate_limit/required",keyword:"required",params:{missingProperty: "lines_per_second"},message:"must have required property '"+"lines_per_second"+"'",schema:schema19.properties.rate_limit.required,parentSchema:schema19.properties.rate_limit,data:data10};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
for(const key2 in data10){
if(!(((key2 === "lines_per_second") || (key2 === "burst")) || (pattern0.test(key2)))){
const err25 = {instancePath:instancePath+"/rate_limit",schemaPath:"#/properties/rate_limit/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema19.properties.rate_limit,data:data10};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data10.lines_per_second !== undefined){
let data11 = data10.lines_per_second;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
const err26 = {instancePath:instancePath+"/rate_limit/lines_per_second",schemaPath:"#/properties/rate_limit/properties/lines_per_second/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema19.properties.rate_limit.properties.lines_per_second.type,parentSchema:schema19.properties.rate_limit.properties.lines_per_second,data:data11};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 < 1 || isNaN(data11)){
const err27 = {instancePath:instancePath+"/rate_limit/lines_per_second",schemaPath:"#/properties/rate_limit/properties/lines_per_second/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema19.properties.rate_limit.properties.lines_per_second,data:data11};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
if(data10.burst !== undefined){
let data12 = data10.burst;
if(!(((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12))) && (isFinite(data12)))){
const err28 = {instancePath:instancePath+"/rate_limit/burst",schemaPath:"#/properties/rate_limit/properties/burst/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema19.properties.rate_limit.properties.burst.type,parentSchema:schema19.properties.rate_limit.properties.burst,data:data12};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 < 1 || isNaN(data12)){
const err29 = {instancePath:instancePath+"/rate_limit/burst",schemaPath:"#/properties/rate_limit/properties/burst/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema19.properties.rate_limit.properties.burst,data:data12};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
}
else {
const err30 = {instancePath:instancePath+"/rate_limit",schemaPath:"#/properties/rate_limit/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema19.properties.rate_limit.type,parentSchema:schema19.properties.rate_limit,data:data10};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data.export !== undefined){
let data13 = data.export;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
for(const key3 in data13){
if(!(((key3 === "format") || (key3 === "destination")) || (pattern0.test(key3)))){
const err31 = {instancePath:instancePath+"/export",schemaPath:"#/properties/export/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema19.properties.export,data:data13};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data13.format !== undefined){
let data14 = data13.format;
if(typeof data14 !== "string"){
const err32 = {instancePath:instancePath+"/export/format",schemaPath:"#/properties/export/properties/format/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema19.properties.export.properties.format.type,parentSchema:schema19.properties.export.properties.format,data:data14};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if(!((((data14 === "json") || (data14 === "ndjson")) || (data14 === "csv")) || (data14 === "text"))){
const err33 = {instancePath:instancePath+"/export/format",schemaPath:"#/properties/export/properties/format/enum",keyword:"enum",params:{allowedValues: schema19.properties.export.properties.format.enum},message:"must be equal to one of the allowed values",schema:schema19.properties.export.properties.format.enum,parentSchema:schema19.properties.export.properties.format,data:data14};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data13.destination !== undefined){
let data15 = data13.destination;
if(typeof data15 === "string"){
if(func2(data15) < 1){
const err34 = {instancePath:instancePath+"/export/destination",schemaPath:"#/properties/export/properties/destination/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema19.properties.export.properties.destination,data:data15};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
else {
const err35 = {instancePath:instancePath+"/export/destination",schemaPath:"#/properties/export/properties/destination/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema19.properties.export.properties.destination.type,parentSchema:schema19.properties.export.properties.destination,data:data15};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
else {
const err36 = {instancePath:instancePath+"/export",schemaPath:"#/properties/export/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema19.properties.export.type,parentSchema:schema19.properties.export,data:data13};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
else {
const err37 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema19.type,parentSchema:schema19,data};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
validate15.errors = vErrors;
return errors === 0;
}

const schema25 = {"description":"A source, processor, sink or black-box pipeline (flowctl/v1).","type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"required":["id"],"properties":{"id":{"$ref":"#/definitions/ComponentId"},"type":{"type":"string","description":"Free text, or a registry ref `name@version` (not runnable by the process runtime)."},"image":{"$ref":"#/definitions/Image"},"command":{"$ref":"#/definitions/Command"},"remote":{"type":"boolean","description":"true: flowctl does not start this component; it runs elsewhere (another host, a container) and pushes its logs over the control plane (StreamLogs) with FLOWCTL_COMPONENT_ID set to its id. No command or image."},"args":{"$ref":"#/definitions/ScalarList"},"working_dir":{"$ref":"#/definitions/Path"},"env":{"$ref":"#/definitions/EnvMap"},"env_file":{"$ref":"#/definitions/EnvFile"},"config":{"$ref":"#/definitions/FreeMap"},"inputs":{"$ref":"#/definitions/IdList"},"depends_on":{"$ref":"#/definitions/DependsOn"},"health_check":{"$ref":"#/definitions/HealthCheck"},"health_port":{"$ref":"#/definitions/PortNumber"},"health_endpoint":{"$ref":"#/definitions/HealthEndpoint"},"ports":{"type":"array","items":{"$ref":"#/definitions/Port"}},"restart_policy":{"$ref":"#/definitions/RestartPolicy"},"stop_signal":{"$ref":"#/definitions/StopSignal"},"stop_grace_period":{"$ref":"#/definitions/TimerDuration"},"logging":{"$ref":"#/definitions/ComponentLogging"},"replicas":{"type":"integer","minimum":0},"input_event_types":{"$ref":"#/definitions/StringList"},"output_event_types":{"$ref":"#/definitions/StringList"},"inputEventTypes":{"$ref":"#/definitions/LegacyEventTypes"},"outputEventTypes":{"$ref":"#/definitions/LegacyEventTypes"},"volumes":{"type":"array","items":{"$ref":"#/definitions/Volume"}},"secrets":{"type":"array","items":{"$ref":"#/definitions/Secret"}},"resources":{"$ref":"#/definitions/Resources"}}};
const schema26 = {"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._-]*$","patternErrorMessage":"must be ASCII letters, digits, '.', '_' or '-', starting with a letter or digit (ids name log files)"};
const schema27 = {"type":"string","minLength":1,"description":"OCI image. Carried for other runtimes; an image-only component cannot run as a process."};
const schema28 = {"type":["string","array"],"minLength":1,"minItems":1,"items":{"type":"string"},"description":"argv as a list, or one string run by `/bin/sh -c`. `args` are appended."};
const schema29 = {"type":"array","items":{"type":["string","number","boolean"]}};
const schema31 = {"type":"object","propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_]*$","patternErrorMessage":"environment variable names are letters, digits and '_', not starting with a digit"},"additionalProperties":{"type":["string","number","boolean"]}};
const schema32 = {"type":["string","array"],"minLength":1,"items":{"type":"string","minLength":1},"description":"dotenv file(s), relative to the pipeline file; its variables go into the component's env and are visible to `${VAR}`."};
const schema34 = {"type":"array","items":{"type":"string","minLength":1}};
const schema41 = {"type":"integer","minimum":1,"maximum":65535};
const schema42 = {"tsType":"unknown","description":"Legacy key from ttp-processor-demo files (flowctl ignored it): an http(s) URL, or a path served on health_port, becomes this component's http health check; any other value (not text, not a URL or path) is ignored with a warning: a legacy key never fails a file.","deprecationMessage":"use health_check"};
const schema48 = {"type":"string","enum":["SIGTERM","SIGINT","SIGQUIT","SIGHUP","SIGKILL","SIGUSR1","SIGUSR2"]};
const schema50 = {"type":"array","items":{"type":"string"}};
const schema52 = {"tsType":"unknown","description":"Old camelCase spelling; flowctl ignored it. A list of text is read as the snake_case key; any value is accepted with a warning: a legacy key never fails a file.","deprecationMessage":"use input_event_types / output_event_types (snake_case)"};
const schema54 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"name":{"type":"string"},"mountPath":{"type":"string"},"host_path":{"type":"string"},"container_path":{"type":"string"},"readonly":{"type":"boolean"}}};
const pattern12 = new RegExp("^[A-Za-z0-9][A-Za-z0-9._-]*$", "u");
const pattern13 = new RegExp("^[A-Za-z_][A-Za-z0-9_]*$", "u");
const schema35 = {"type":["array","object"],"items":{"type":"string","minLength":1},"additionalProperties":{"$ref":"#/definitions/DependencySpec"},"description":"Ids started first: a list (condition `started`) or a map id → {condition}."};
const schema36 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"condition":{"type":"string","enum":["started","healthy","completed_successfully"]}}};

function validate18(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(!data || typeof data != "object"){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema35.type},message:"must be array,object",schema:schema35.type,parentSchema:schema35,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(Array.isArray(data)){
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err1 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35.items,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.items.type,parentSchema:schema35.items,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
let data1 = data[key0];
if(data1 && typeof data1 == "object" && !Array.isArray(data1)){
for(const key1 in data1){
if(!((key1 === "condition") || (pattern0.test(key1)))){
const err3 = {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/DependencySpec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema36,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data1.condition !== undefined){
let data2 = data1.condition;
if(typeof data2 !== "string"){
const err4 = {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\//g, "~1")+"/condition",schemaPath:"#/definitions/DependencySpec/properties/condition/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema36.properties.condition.type,parentSchema:schema36.properties.condition,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(!(((data2 === "started") || (data2 === "healthy")) || (data2 === "completed_successfully"))){
const err5 = {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\//g, "~1")+"/condition",schemaPath:"#/definitions/DependencySpec/properties/condition/enum",keyword:"enum",params:{allowedValues: schema36.properties.condition.enum},message:"must be equal to one of the allowed values",schema:schema36.properties.condition.enum,parentSchema:schema36.properties.condition,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
else {
const err6 = {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/DependencySpec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema36.type,parentSchema:schema36,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
validate18.errors = vErrors;
return errors === 0;
}

const schema37 = {"type":["string","object"],"minLength":1,"description":"flowctl style: a path (`/health`, served on health_port) or a URL; or an object with exactly one of http, tcp, exec, log.","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"http":{"type":"string","minLength":1,"description":"URL, or a path served on health_port."},"tcp":{"type":["string","integer"],"minLength":1,"minimum":1,"maximum":65535,"description":"`host:port`, or a port on 127.0.0.1."},"exec":{"$ref":"#/definitions/Command"},"log":{"type":"string","minLength":1,"description":"A regex over the component's own output lines."},"interval":{"allOf":[{"$ref":"#/definitions/TimerDuration"}],"minMilliseconds":100,"description":"Between probes; at least 100ms."},"timeout":{"allOf":[{"$ref":"#/definitions/TimerDuration"}],"minMilliseconds":100,"description":"For one probe; at least 100ms."},"retries":{"type":"integer","minimum":1,"description":"Consecutive failed probes before the component is unhealthy."},"start_period":{"$ref":"#/definitions/TimerDuration"}}};
const schema39 = {"allOf":[{"$ref":"#/definitions/Duration"}],"description":"A duration something waits for with a timer: at most 2147483647 ms (24d 20h 31m 23.647s), the longest Node.js timer.","maxMilliseconds":2147483647};

function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data !== "string") && (!((typeof data == "number") && (isFinite(data))))){
const err0 = {instancePath,schemaPath:"#/definitions/Duration/type",keyword:"type",params:{type: schema21.type},message:"must be string,number",schema:schema21.type,parentSchema:schema21,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((typeof data == "number") && (isFinite(data))){
if(data < 0 || isNaN(data)){
const err1 = {instancePath,schemaPath:"#/definitions/Duration/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema21,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(typeof data === "string"){
if(!pattern5.test(data)){
const err2 = {instancePath,schemaPath:"#/definitions/Duration/pattern",keyword:"pattern",params:{pattern: "^\\s*([0-9]+(\\.[0-9]+)?|([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+)\\s*$"},message:"must match pattern \""+"^\\s*([0-9]+(\\.[0-9]+)?|([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+)\\s*$"+"\"",schema:"^\\s*([0-9]+(\\.[0-9]+)?|([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+)\\s*$",parentSchema:schema21,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
validate21.errors = vErrors;
return errors === 0;
}


function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data !== "string") && (!(data && typeof data == "object" && !Array.isArray(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema37.type},message:"must be string,object",schema:schema37.type,parentSchema:schema37,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(typeof data === "string"){
if(func2(data) < 1){
const err1 = {instancePath,schemaPath:"#/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema37,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((((((((key0 === "http") || (key0 === "tcp")) || (key0 === "exec")) || (key0 === "log")) || (key0 === "interval")) || (key0 === "timeout")) || (key0 === "retries")) || (key0 === "start_period")) || (pattern0.test(key0)))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema37,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.http !== undefined){
let data0 = data.http;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err3 = {instancePath:instancePath+"/http",schemaPath:"#/properties/http/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema37.properties.http,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/http",schemaPath:"#/properties/http/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema37.properties.http.type,parentSchema:schema37.properties.http,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.tcp !== undefined){
let data1 = data.tcp;
if((typeof data1 !== "string") && (!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1))))){
const err5 = {instancePath:instancePath+"/tcp",schemaPath:"#/properties/tcp/type",keyword:"type",params:{type: schema37.properties.tcp.type},message:"must be string,integer",schema:schema37.properties.tcp.type,parentSchema:schema37.properties.tcp,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if((typeof data1 == "number") && (isFinite(data1))){
if(data1 > 65535 || isNaN(data1)){
const err6 = {instancePath:instancePath+"/tcp",schemaPath:"#/properties/tcp/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema37.properties.tcp,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data1 < 1 || isNaN(data1)){
const err7 = {instancePath:instancePath+"/tcp",schemaPath:"#/properties/tcp/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema37.properties.tcp,data:data1};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(typeof data1 === "string"){
if(func2(data1) < 1){
const err8 = {instancePath:instancePath+"/tcp",schemaPath:"#/properties/tcp/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema37.properties.tcp,data:data1};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.exec !== undefined){
let data2 = data.exec;
if((typeof data2 !== "string") && (!(Array.isArray(data2)))){
const err9 = {instancePath:instancePath+"/exec",schemaPath:"#/definitions/Command/type",keyword:"type",params:{type: schema28.type},message:"must be string,array",schema:schema28.type,parentSchema:schema28,data:data2};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(typeof data2 === "string"){
if(func2(data2) < 1){
const err10 = {instancePath:instancePath+"/exec",schemaPath:"#/definitions/Command/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema28,data:data2};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(Array.isArray(data2)){
if(data2.length < 1){
const err11 = {instancePath:instancePath+"/exec",schemaPath:"#/definitions/Command/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema28,data:data2};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
const len0 = data2.length;
for(let i0=0; i0<len0; i0++){
let data3 = data2[i0];
if(typeof data3 !== "string"){
const err12 = {instancePath:instancePath+"/exec/" + i0,schemaPath:"#/definitions/Command/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema28.items.type,parentSchema:schema28.items,data:data3};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
}
if(data.log !== undefined){
let data4 = data.log;
if(typeof data4 === "string"){
if(func2(data4) < 1){
const err13 = {instancePath:instancePath+"/log",schemaPath:"#/properties/log/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema37.properties.log,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/log",schemaPath:"#/properties/log/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema37.properties.log.type,parentSchema:schema37.properties.log,data:data4};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.interval !== undefined){
if(!(validate21(data.interval, {instancePath:instancePath+"/interval",parentData:data,parentDataProperty:"interval",rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
if(data.timeout !== undefined){
if(!(validate21(data.timeout, {instancePath:instancePath+"/timeout",parentData:data,parentDataProperty:"timeout",rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
if(data.retries !== undefined){
let data7 = data.retries;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
const err15 = {instancePath:instancePath+"/retries",schemaPath:"#/properties/retries/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema37.properties.retries.type,parentSchema:schema37.properties.retries,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 < 1 || isNaN(data7)){
const err16 = {instancePath:instancePath+"/retries",schemaPath:"#/properties/retries/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema37.properties.retries,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
if(data.start_period !== undefined){
if(!(validate21(data.start_period, {instancePath:instancePath+"/start_period",parentData:data,parentDataProperty:"start_period",rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
}
validate20.errors = vErrors;
return errors === 0;
}

const schema43 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"name":{"type":"string"},"containerPort":{"$ref":"#/definitions/PortNumber"},"hostPort":{"$ref":"#/definitions/PortNumber"},"protocol":{"type":"string","enum":["TCP","UDP","SCTP","tcp","udp","sctp"]}}};

function validate26(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((((key0 === "name") || (key0 === "containerPort")) || (key0 === "hostPort")) || (key0 === "protocol")) || (pattern0.test(key0)))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema43,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema43.properties.name.type,parentSchema:schema43.properties.name,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.containerPort !== undefined){
let data1 = data.containerPort;
if(!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1)))){
const err2 = {instancePath:instancePath+"/containerPort",schemaPath:"#/definitions/PortNumber/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema41.type,parentSchema:schema41,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if((typeof data1 == "number") && (isFinite(data1))){
if(data1 > 65535 || isNaN(data1)){
const err3 = {instancePath:instancePath+"/containerPort",schemaPath:"#/definitions/PortNumber/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema41,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data1 < 1 || isNaN(data1)){
const err4 = {instancePath:instancePath+"/containerPort",schemaPath:"#/definitions/PortNumber/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema41,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
if(data.hostPort !== undefined){
let data2 = data.hostPort;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err5 = {instancePath:instancePath+"/hostPort",schemaPath:"#/definitions/PortNumber/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema41.type,parentSchema:schema41,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 > 65535 || isNaN(data2)){
const err6 = {instancePath:instancePath+"/hostPort",schemaPath:"#/definitions/PortNumber/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema41,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data2 < 1 || isNaN(data2)){
const err7 = {instancePath:instancePath+"/hostPort",schemaPath:"#/definitions/PortNumber/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema41,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
if(data.protocol !== undefined){
let data3 = data.protocol;
if(typeof data3 !== "string"){
const err8 = {instancePath:instancePath+"/protocol",schemaPath:"#/properties/protocol/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema43.properties.protocol.type,parentSchema:schema43.properties.protocol,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(!((((((data3 === "TCP") || (data3 === "UDP")) || (data3 === "SCTP")) || (data3 === "tcp")) || (data3 === "udp")) || (data3 === "sctp"))){
const err9 = {instancePath:instancePath+"/protocol",schemaPath:"#/properties/protocol/enum",keyword:"enum",params:{allowedValues: schema43.properties.protocol.enum},message:"must be equal to one of the allowed values",schema:schema43.properties.protocol.enum,parentSchema:schema43.properties.protocol,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema43.type,parentSchema:schema43,data};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
validate26.errors = vErrors;
return errors === 0;
}

const schema46 = {"type":["string","object"],"pattern":"^(no|always|unless-stopped|on-failure(:[0-9]+)?)$","patternErrorMessage":"must be no, always, unless-stopped, on-failure or on-failure:N","additionalProperties":false,"patternProperties":{"^x-":{}},"required":["policy"],"properties":{"policy":{"type":"string","enum":["no","on-failure","always","unless-stopped"]},"max_restarts":{"type":"integer","minimum":0},"backoff":{"$ref":"#/definitions/Backoff"}}};
const pattern18 = new RegExp("^(no|always|unless-stopped|on-failure(:[0-9]+)?)$", "u");
const schema47 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"initial":{"allOf":[{"$ref":"#/definitions/TimerDuration"}],"minMilliseconds":100,"description":"The first restart delay; at least 100ms, so a crashing component cannot restart in a tight loop."},"max":{"$ref":"#/definitions/TimerDuration"},"multiplier":{"type":"number","minimum":1},"reset_after":{"$ref":"#/definitions/TimerDuration"}}};

function validate29(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((((key0 === "initial") || (key0 === "max")) || (key0 === "multiplier")) || (key0 === "reset_after")) || (pattern0.test(key0)))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema47,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.initial !== undefined){
if(!(validate21(data.initial, {instancePath:instancePath+"/initial",parentData:data,parentDataProperty:"initial",rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
if(data.max !== undefined){
if(!(validate21(data.max, {instancePath:instancePath+"/max",parentData:data,parentDataProperty:"max",rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
if(data.multiplier !== undefined){
let data2 = data.multiplier;
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 < 1 || isNaN(data2)){
const err1 = {instancePath:instancePath+"/multiplier",schemaPath:"#/properties/multiplier/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema47.properties.multiplier,data:data2};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/multiplier",schemaPath:"#/properties/multiplier/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema47.properties.multiplier.type,parentSchema:schema47.properties.multiplier,data:data2};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.reset_after !== undefined){
if(!(validate21(data.reset_after, {instancePath:instancePath+"/reset_after",parentData:data,parentDataProperty:"reset_after",rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
}
else {
const err3 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema47.type,parentSchema:schema47,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
validate29.errors = vErrors;
return errors === 0;
}


function validate28(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((typeof data !== "string") && (!(data && typeof data == "object" && !Array.isArray(data)))){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema46.type},message:"must be string,object",schema:schema46.type,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(typeof data === "string"){
if(!pattern18.test(data)){
const err1 = {instancePath,schemaPath:"#/pattern",keyword:"pattern",params:{pattern: "^(no|always|unless-stopped|on-failure(:[0-9]+)?)$"},message:"must match pattern \""+"^(no|always|unless-stopped|on-failure(:[0-9]+)?)$"+"\"",schema:"^(no|always|unless-stopped|on-failure(:[0-9]+)?)$",parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.policy === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "policy"},message:"must have required property '"+"policy"+"'",schema:schema46.required,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "policy") || (key0 === "max_restarts")) || (key0 === "backoff")) || (pattern0.test(key0)))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.policy !== undefined){
let data0 = data.policy;
if(typeof data0 !== "string"){
const err4 = {instancePath:instancePath+"/policy",schemaPath:"#/properties/policy/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema46.properties.policy.type,parentSchema:schema46.properties.policy,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(!((((data0 === "no") || (data0 === "on-failure")) || (data0 === "always")) || (data0 === "unless-stopped"))){
const err5 = {instancePath:instancePath+"/policy",schemaPath:"#/properties/policy/enum",keyword:"enum",params:{allowedValues: schema46.properties.policy.enum},message:"must be equal to one of the allowed values",schema:schema46.properties.policy.enum,parentSchema:schema46.properties.policy,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.max_restarts !== undefined){
let data1 = data.max_restarts;
if(!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1)))){
const err6 = {instancePath:instancePath+"/max_restarts",schemaPath:"#/properties/max_restarts/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema46.properties.max_restarts.type,parentSchema:schema46.properties.max_restarts,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if((typeof data1 == "number") && (isFinite(data1))){
if(data1 < 0 || isNaN(data1)){
const err7 = {instancePath:instancePath+"/max_restarts",schemaPath:"#/properties/max_restarts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema46.properties.max_restarts,data:data1};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
if(data.backoff !== undefined){
if(!(validate29(data.backoff, {instancePath:instancePath+"/backoff",parentData:data,parentDataProperty:"backoff",rootData}))){
vErrors = vErrors === null ? validate29.errors : vErrors.concat(validate29.errors);
errors = vErrors.length;
}
}
}
validate28.errors = vErrors;
return errors === 0;
}

const schema49 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"level":{"type":"string","enum":["trace","debug","info","warn","error","fatal"],"description":"Minimum level shown live; files keep everything."},"format":{"type":"string","enum":["auto","zap-json","zap-console","go-log","zerolog-console","zerolog-json","pino","json","logfmt","text"]},"multiline":{"type":["boolean","object"],"additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"enabled":{"type":"boolean"},"window":{"$ref":"#/definitions/TimerDuration"}}}}};

function validate36(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((key0 === "level") || (key0 === "format")) || (key0 === "multiline")) || (pattern0.test(key0)))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema49,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.level !== undefined){
let data0 = data.level;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/level",schemaPath:"#/properties/level/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema49.properties.level.type,parentSchema:schema49.properties.level,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(!((((((data0 === "trace") || (data0 === "debug")) || (data0 === "info")) || (data0 === "warn")) || (data0 === "error")) || (data0 === "fatal"))){
const err2 = {instancePath:instancePath+"/level",schemaPath:"#/properties/level/enum",keyword:"enum",params:{allowedValues: schema49.properties.level.enum},message:"must be equal to one of the allowed values",schema:schema49.properties.level.enum,parentSchema:schema49.properties.level,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.format !== undefined){
let data1 = data.format;
if(typeof data1 !== "string"){
const err3 = {instancePath:instancePath+"/format",schemaPath:"#/properties/format/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema49.properties.format.type,parentSchema:schema49.properties.format,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(!((((((((((data1 === "auto") || (data1 === "zap-json")) || (data1 === "zap-console")) || (data1 === "go-log")) || (data1 === "zerolog-console")) || (data1 === "zerolog-json")) || (data1 === "pino")) || (data1 === "json")) || (data1 === "logfmt")) || (data1 === "text"))){
const err4 = {instancePath:instancePath+"/format",schemaPath:"#/properties/format/enum",keyword:"enum",params:{allowedValues: schema49.properties.format.enum},message:"must be equal to one of the allowed values",schema:schema49.properties.format.enum,parentSchema:schema49.properties.format,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.multiline !== undefined){
let data2 = data.multiline;
if((typeof data2 !== "boolean") && (!(data2 && typeof data2 == "object" && !Array.isArray(data2)))){
const err5 = {instancePath:instancePath+"/multiline",schemaPath:"#/properties/multiline/type",keyword:"type",params:{type: schema49.properties.multiline.type},message:"must be boolean,object",schema:schema49.properties.multiline.type,parentSchema:schema49.properties.multiline,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
if(!(((key1 === "enabled") || (key1 === "window")) || (pattern0.test(key1)))){
const err6 = {instancePath:instancePath+"/multiline",schemaPath:"#/properties/multiline/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema49.properties.multiline,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data2.enabled !== undefined){
let data3 = data2.enabled;
if(typeof data3 !== "boolean"){
const err7 = {instancePath:instancePath+"/multiline/enabled",schemaPath:"#/properties/multiline/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema49.properties.multiline.properties.enabled.type,parentSchema:schema49.properties.multiline.properties.enabled,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data2.window !== undefined){
if(!(validate21(data2.window, {instancePath:instancePath+"/multiline/window",parentData:data2,parentDataProperty:"window",rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
}
}
}
else {
const err8 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema49.type,parentSchema:schema49,data};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
validate36.errors = vErrors;
return errors === 0;
}

const schema55 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"name":{"type":"string"},"host_path":{"type":"string"},"container_path":{"type":"string"},"env":{"type":"string"},"mode":{"type":"string"},"type":{"type":"string","enum":["file","dir","env"]},"required":{"type":"boolean"},"labels":{"$ref":"#/definitions/StringMap"}}};

function validate39(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((((((((key0 === "name") || (key0 === "host_path")) || (key0 === "container_path")) || (key0 === "env")) || (key0 === "mode")) || (key0 === "type")) || (key0 === "required")) || (key0 === "labels")) || (pattern0.test(key0)))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema55,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema55.properties.name.type,parentSchema:schema55.properties.name,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.host_path !== undefined){
let data1 = data.host_path;
if(typeof data1 !== "string"){
const err2 = {instancePath:instancePath+"/host_path",schemaPath:"#/properties/host_path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema55.properties.host_path.type,parentSchema:schema55.properties.host_path,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.container_path !== undefined){
let data2 = data.container_path;
if(typeof data2 !== "string"){
const err3 = {instancePath:instancePath+"/container_path",schemaPath:"#/properties/container_path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema55.properties.container_path.type,parentSchema:schema55.properties.container_path,data:data2};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.env !== undefined){
let data3 = data.env;
if(typeof data3 !== "string"){
const err4 = {instancePath:instancePath+"/env",schemaPath:"#/properties/env/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema55.properties.env.type,parentSchema:schema55.properties.env,data:data3};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.mode !== undefined){
let data4 = data.mode;
if(typeof data4 !== "string"){
const err5 = {instancePath:instancePath+"/mode",schemaPath:"#/properties/mode/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema55.properties.mode.type,parentSchema:schema55.properties.mode,data:data4};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.type !== undefined){
let data5 = data.type;
if(typeof data5 !== "string"){
const err6 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema55.properties.type.type,parentSchema:schema55.properties.type,data:data5};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(!(((data5 === "file") || (data5 === "dir")) || (data5 === "env"))){
const err7 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/enum",keyword:"enum",params:{allowedValues: schema55.properties.type.enum},message:"must be equal to one of the allowed values",schema:schema55.properties.type.enum,parentSchema:schema55.properties.type,data:data5};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.required !== undefined){
let data6 = data.required;
if(typeof data6 !== "boolean"){
const err8 = {instancePath:instancePath+"/required",schemaPath:"#/properties/required/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema55.properties.required.type,parentSchema:schema55.properties.required,data:data6};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.labels !== undefined){
let data7 = data.labels;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key1 in data7){
let data8 = data7[key1];
if(typeof data8 !== "string"){
const err9 = {instancePath:instancePath+"/labels/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/StringMap/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.additionalProperties.type,parentSchema:schema14.additionalProperties,data:data8};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath:instancePath+"/labels",schemaPath:"#/definitions/StringMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema14.type,parentSchema:schema14,data:data7};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema55.type,parentSchema:schema55,data};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
validate39.errors = vErrors;
return errors === 0;
}

const schema57 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"requests":{"$ref":"#/definitions/ResourceAmounts"},"limits":{"$ref":"#/definitions/ResourceAmounts"}}};
const schema58 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"cpu":{"type":["string","number"]},"memory":{"type":["string","number"]}}};

function validate41(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((key0 === "requests") || (key0 === "limits")) || (pattern0.test(key0)))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema57,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.requests !== undefined){
let data0 = data.requests;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
for(const key1 in data0){
if(!(((key1 === "cpu") || (key1 === "memory")) || (pattern0.test(key1)))){
const err1 = {instancePath:instancePath+"/requests",schemaPath:"#/definitions/ResourceAmounts/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema58,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data0.cpu !== undefined){
let data1 = data0.cpu;
if((typeof data1 !== "string") && (!((typeof data1 == "number") && (isFinite(data1))))){
const err2 = {instancePath:instancePath+"/requests/cpu",schemaPath:"#/definitions/ResourceAmounts/properties/cpu/type",keyword:"type",params:{type: schema58.properties.cpu.type},message:"must be string,number",schema:schema58.properties.cpu.type,parentSchema:schema58.properties.cpu,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data0.memory !== undefined){
let data2 = data0.memory;
if((typeof data2 !== "string") && (!((typeof data2 == "number") && (isFinite(data2))))){
const err3 = {instancePath:instancePath+"/requests/memory",schemaPath:"#/definitions/ResourceAmounts/properties/memory/type",keyword:"type",params:{type: schema58.properties.memory.type},message:"must be string,number",schema:schema58.properties.memory.type,parentSchema:schema58.properties.memory,data:data2};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
}
else {
const err4 = {instancePath:instancePath+"/requests",schemaPath:"#/definitions/ResourceAmounts/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema58.type,parentSchema:schema58,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.limits !== undefined){
let data3 = data.limits;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
for(const key2 in data3){
if(!(((key2 === "cpu") || (key2 === "memory")) || (pattern0.test(key2)))){
const err5 = {instancePath:instancePath+"/limits",schemaPath:"#/definitions/ResourceAmounts/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema58,data:data3};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data3.cpu !== undefined){
let data4 = data3.cpu;
if((typeof data4 !== "string") && (!((typeof data4 == "number") && (isFinite(data4))))){
const err6 = {instancePath:instancePath+"/limits/cpu",schemaPath:"#/definitions/ResourceAmounts/properties/cpu/type",keyword:"type",params:{type: schema58.properties.cpu.type},message:"must be string,number",schema:schema58.properties.cpu.type,parentSchema:schema58.properties.cpu,data:data4};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data3.memory !== undefined){
let data5 = data3.memory;
if((typeof data5 !== "string") && (!((typeof data5 == "number") && (isFinite(data5))))){
const err7 = {instancePath:instancePath+"/limits/memory",schemaPath:"#/definitions/ResourceAmounts/properties/memory/type",keyword:"type",params:{type: schema58.properties.memory.type},message:"must be string,number",schema:schema58.properties.memory.type,parentSchema:schema58.properties.memory,data:data5};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/limits",schemaPath:"#/definitions/ResourceAmounts/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema58.type,parentSchema:schema58,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema57.type,parentSchema:schema57,data};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
validate41.errors = vErrors;
return errors === 0;
}


function validate17(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'",schema:schema25.required,parentSchema:schema25,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((func4.call(schema25.properties, key0)) || (pattern0.test(key0)))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema25,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(!pattern12.test(data0)){
const err2 = {instancePath:instancePath+"/id",schemaPath:"#/definitions/ComponentId/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]*$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]*$",parentSchema:schema26,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/definitions/ComponentId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema26.type,parentSchema:schema26,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.type !== undefined){
let data1 = data.type;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema25.properties.type.type,parentSchema:schema25.properties.type,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.image !== undefined){
let data2 = data.image;
if(typeof data2 === "string"){
if(func2(data2) < 1){
const err5 = {instancePath:instancePath+"/image",schemaPath:"#/definitions/Image/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema27,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/image",schemaPath:"#/definitions/Image/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema27.type,parentSchema:schema27,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.command !== undefined){
let data3 = data.command;
if((typeof data3 !== "string") && (!(Array.isArray(data3)))){
const err7 = {instancePath:instancePath+"/command",schemaPath:"#/definitions/Command/type",keyword:"type",params:{type: schema28.type},message:"must be string,array",schema:schema28.type,parentSchema:schema28,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(typeof data3 === "string"){
if(func2(data3) < 1){
const err8 = {instancePath:instancePath+"/command",schemaPath:"#/definitions/Command/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema28,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(Array.isArray(data3)){
if(data3.length < 1){
const err9 = {instancePath:instancePath+"/command",schemaPath:"#/definitions/Command/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema28,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
let data4 = data3[i0];
if(typeof data4 !== "string"){
const err10 = {instancePath:instancePath+"/command/" + i0,schemaPath:"#/definitions/Command/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema28.items.type,parentSchema:schema28.items,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
}
if(data.remote !== undefined){
let data5 = data.remote;
if(typeof data5 !== "boolean"){
const err11 = {instancePath:instancePath+"/remote",schemaPath:"#/properties/remote/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema25.properties.remote.type,parentSchema:schema25.properties.remote,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.args !== undefined){
let data6 = data.args;
if(Array.isArray(data6)){
const len1 = data6.length;
for(let i1=0; i1<len1; i1++){
let data7 = data6[i1];
if(((typeof data7 !== "string") && (!((typeof data7 == "number") && (isFinite(data7))))) && (typeof data7 !== "boolean")){
const err12 = {instancePath:instancePath+"/args/" + i1,schemaPath:"#/definitions/ScalarList/items/type",keyword:"type",params:{type: schema29.items.type},message:"must be string,number,boolean",schema:schema29.items.type,parentSchema:schema29.items,data:data7};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath:instancePath+"/args",schemaPath:"#/definitions/ScalarList/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema29.type,parentSchema:schema29,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.working_dir !== undefined){
let data8 = data.working_dir;
if(typeof data8 === "string"){
if(func2(data8) < 1){
const err14 = {instancePath:instancePath+"/working_dir",schemaPath:"#/definitions/Path/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22,data:data8};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/working_dir",schemaPath:"#/definitions/Path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.type,parentSchema:schema22,data:data8};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.env !== undefined){
let data9 = data.env;
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
for(const key1 in data9){
const _errs28 = errors;
if(typeof key1 === "string"){
if(!pattern13.test(key1)){
const err16 = {instancePath:instancePath+"/env",schemaPath:"#/definitions/EnvMap/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]*$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]*$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]*$",parentSchema:schema31.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
var valid11 = _errs28 === errors;
if(!valid11){
const err17 = {instancePath:instancePath+"/env",schemaPath:"#/definitions/EnvMap/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema31.propertyNames,parentSchema:schema31,data:data9};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
for(const key2 in data9){
let data10 = data9[key2];
if(((typeof data10 !== "string") && (!((typeof data10 == "number") && (isFinite(data10))))) && (typeof data10 !== "boolean")){
const err18 = {instancePath:instancePath+"/env/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/EnvMap/additionalProperties/type",keyword:"type",params:{type: schema31.additionalProperties.type},message:"must be string,number,boolean",schema:schema31.additionalProperties.type,parentSchema:schema31.additionalProperties,data:data10};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath:instancePath+"/env",schemaPath:"#/definitions/EnvMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.env_file !== undefined){
let data11 = data.env_file;
if((typeof data11 !== "string") && (!(Array.isArray(data11)))){
const err20 = {instancePath:instancePath+"/env_file",schemaPath:"#/definitions/EnvFile/type",keyword:"type",params:{type: schema32.type},message:"must be string,array",schema:schema32.type,parentSchema:schema32,data:data11};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(typeof data11 === "string"){
if(func2(data11) < 1){
const err21 = {instancePath:instancePath+"/env_file",schemaPath:"#/definitions/EnvFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema32,data:data11};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(Array.isArray(data11)){
const len2 = data11.length;
for(let i2=0; i2<len2; i2++){
let data12 = data11[i2];
if(typeof data12 === "string"){
if(func2(data12) < 1){
const err22 = {instancePath:instancePath+"/env_file/" + i2,schemaPath:"#/definitions/EnvFile/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema32.items,data:data12};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
else {
const err23 = {instancePath:instancePath+"/env_file/" + i2,schemaPath:"#/definitions/EnvFile/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.items.type,parentSchema:schema32.items,data:data12};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
}
if(data.config !== undefined){
let data13 = data.config;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
}
else {
const err24 = {instancePath:instancePath+"/config",schemaPath:"#/definitions/FreeMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema18.type,parentSchema:schema18,data:data13};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.inputs !== undefined){
let data14 = data.inputs;
if(Array.isArray(data14)){
const len3 = data14.length;
for(let i3=0; i3<len3; i3++){
let data15 = data14[i3];
if(typeof data15 === "string"){
if(func2(data15) < 1){
const err25 = {instancePath:instancePath+"/inputs/" + i3,schemaPath:"#/definitions/IdList/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema34.items,data:data15};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/inputs/" + i3,schemaPath:"#/definitions/IdList/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.items.type,parentSchema:schema34.items,data:data15};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
else {
const err27 = {instancePath:instancePath+"/inputs",schemaPath:"#/definitions/IdList/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema34.type,parentSchema:schema34,data:data14};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.depends_on !== undefined){
if(!(validate18(data.depends_on, {instancePath:instancePath+"/depends_on",parentData:data,parentDataProperty:"depends_on",rootData}))){
vErrors = vErrors === null ? validate18.errors : vErrors.concat(validate18.errors);
errors = vErrors.length;
}
}
if(data.health_check !== undefined){
if(!(validate20(data.health_check, {instancePath:instancePath+"/health_check",parentData:data,parentDataProperty:"health_check",rootData}))){
vErrors = vErrors === null ? validate20.errors : vErrors.concat(validate20.errors);
errors = vErrors.length;
}
}
if(data.health_port !== undefined){
let data18 = data.health_port;
if(!(((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18))) && (isFinite(data18)))){
const err28 = {instancePath:instancePath+"/health_port",schemaPath:"#/definitions/PortNumber/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema41.type,parentSchema:schema41,data:data18};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 > 65535 || isNaN(data18)){
const err29 = {instancePath:instancePath+"/health_port",schemaPath:"#/definitions/PortNumber/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema41,data:data18};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(data18 < 1 || isNaN(data18)){
const err30 = {instancePath:instancePath+"/health_port",schemaPath:"#/definitions/PortNumber/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema41,data:data18};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
if(data.ports !== undefined){
let data20 = data.ports;
if(Array.isArray(data20)){
const len4 = data20.length;
for(let i4=0; i4<len4; i4++){
if(!(validate26(data20[i4], {instancePath:instancePath+"/ports/" + i4,parentData:data20,parentDataProperty:i4,rootData}))){
vErrors = vErrors === null ? validate26.errors : vErrors.concat(validate26.errors);
errors = vErrors.length;
}
}
}
else {
const err31 = {instancePath:instancePath+"/ports",schemaPath:"#/properties/ports/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema25.properties.ports.type,parentSchema:schema25.properties.ports,data:data20};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data.restart_policy !== undefined){
if(!(validate28(data.restart_policy, {instancePath:instancePath+"/restart_policy",parentData:data,parentDataProperty:"restart_policy",rootData}))){
vErrors = vErrors === null ? validate28.errors : vErrors.concat(validate28.errors);
errors = vErrors.length;
}
}
if(data.stop_signal !== undefined){
let data23 = data.stop_signal;
if(typeof data23 !== "string"){
const err32 = {instancePath:instancePath+"/stop_signal",schemaPath:"#/definitions/StopSignal/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema48.type,parentSchema:schema48,data:data23};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if(!(((((((data23 === "SIGTERM") || (data23 === "SIGINT")) || (data23 === "SIGQUIT")) || (data23 === "SIGHUP")) || (data23 === "SIGKILL")) || (data23 === "SIGUSR1")) || (data23 === "SIGUSR2"))){
const err33 = {instancePath:instancePath+"/stop_signal",schemaPath:"#/definitions/StopSignal/enum",keyword:"enum",params:{allowedValues: schema48.enum},message:"must be equal to one of the allowed values",schema:schema48.enum,parentSchema:schema48,data:data23};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data.stop_grace_period !== undefined){
if(!(validate21(data.stop_grace_period, {instancePath:instancePath+"/stop_grace_period",parentData:data,parentDataProperty:"stop_grace_period",rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
if(data.logging !== undefined){
if(!(validate36(data.logging, {instancePath:instancePath+"/logging",parentData:data,parentDataProperty:"logging",rootData}))){
vErrors = vErrors === null ? validate36.errors : vErrors.concat(validate36.errors);
errors = vErrors.length;
}
}
if(data.replicas !== undefined){
let data26 = data.replicas;
if(!(((typeof data26 == "number") && (!(data26 % 1) && !isNaN(data26))) && (isFinite(data26)))){
const err34 = {instancePath:instancePath+"/replicas",schemaPath:"#/properties/replicas/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema25.properties.replicas.type,parentSchema:schema25.properties.replicas,data:data26};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if((typeof data26 == "number") && (isFinite(data26))){
if(data26 < 0 || isNaN(data26)){
const err35 = {instancePath:instancePath+"/replicas",schemaPath:"#/properties/replicas/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema25.properties.replicas,data:data26};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
if(data.input_event_types !== undefined){
let data27 = data.input_event_types;
if(Array.isArray(data27)){
const len5 = data27.length;
for(let i5=0; i5<len5; i5++){
let data28 = data27[i5];
if(typeof data28 !== "string"){
const err36 = {instancePath:instancePath+"/input_event_types/" + i5,schemaPath:"#/definitions/StringList/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema50.items.type,parentSchema:schema50.items,data:data28};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
else {
const err37 = {instancePath:instancePath+"/input_event_types",schemaPath:"#/definitions/StringList/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema50.type,parentSchema:schema50,data:data27};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.output_event_types !== undefined){
let data29 = data.output_event_types;
if(Array.isArray(data29)){
const len6 = data29.length;
for(let i6=0; i6<len6; i6++){
let data30 = data29[i6];
if(typeof data30 !== "string"){
const err38 = {instancePath:instancePath+"/output_event_types/" + i6,schemaPath:"#/definitions/StringList/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema50.items.type,parentSchema:schema50.items,data:data30};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
}
else {
const err39 = {instancePath:instancePath+"/output_event_types",schemaPath:"#/definitions/StringList/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema50.type,parentSchema:schema50,data:data29};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data.volumes !== undefined){
let data33 = data.volumes;
if(Array.isArray(data33)){
const len7 = data33.length;
for(let i7=0; i7<len7; i7++){
let data34 = data33[i7];
if(data34 && typeof data34 == "object" && !Array.isArray(data34)){
for(const key3 in data34){
if(!((((((key3 === "name") || (key3 === "mountPath")) || (key3 === "host_path")) || (key3 === "container_path")) || (key3 === "readonly")) || (pattern0.test(key3)))){
const err40 = {instancePath:instancePath+"/volumes/" + i7,schemaPath:"#/definitions/Volume/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema54,data:data34};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data34.name !== undefined){
let data35 = data34.name;
if(typeof data35 !== "string"){
const err41 = {instancePath:instancePath+"/volumes/" + i7+"/name",schemaPath:"#/definitions/Volume/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema54.properties.name.type,parentSchema:schema54.properties.name,data:data35};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data34.mountPath !== undefined){
let data36 = data34.mountPath;
if(typeof data36 !== "string"){
const err42 = {instancePath:instancePath+"/volumes/" + i7+"/mountPath",schemaPath:"#/definitions/Volume/properties/mountPath/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema54.properties.mountPath.type,parentSchema:schema54.properties.mountPath,data:data36};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data34.host_path !== undefined){
let data37 = data34.host_path;
if(typeof data37 !== "string"){
const err43 = {instancePath:instancePath+"/volumes/" + i7+"/host_path",schemaPath:"#/definitions/Volume/properties/host_path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema54.properties.host_path.type,parentSchema:schema54.properties.host_path,data:data37};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data34.container_path !== undefined){
let data38 = data34.container_path;
if(typeof data38 !== "string"){
const err44 = {instancePath:instancePath+"/volumes/" + i7+"/container_path",schemaPath:"#/definitions/Volume/properties/container_path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema54.properties.container_path.type,parentSchema:schema54.properties.container_path,data:data38};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data34.readonly !== undefined){
let data39 = data34.readonly;
if(typeof data39 !== "boolean"){
const err45 = {instancePath:instancePath+"/volumes/" + i7+"/readonly",schemaPath:"#/definitions/Volume/properties/readonly/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema54.properties.readonly.type,parentSchema:schema54.properties.readonly,data:data39};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
}
else {
const err46 = {instancePath:instancePath+"/volumes/" + i7,schemaPath:"#/definitions/Volume/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema54.type,parentSchema:schema54,data:data34};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
}
else {
const err47 = {instancePath:instancePath+"/volumes",schemaPath:"#/properties/volumes/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema25.properties.volumes.type,parentSchema:schema25.properties.volumes,data:data33};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data.secrets !== undefined){
let data40 = data.secrets;
if(Array.isArray(data40)){
const len8 = data40.length;
for(let i8=0; i8<len8; i8++){
if(!(validate39(data40[i8], {instancePath:instancePath+"/secrets/" + i8,parentData:data40,parentDataProperty:i8,rootData}))){
vErrors = vErrors === null ? validate39.errors : vErrors.concat(validate39.errors);
errors = vErrors.length;
}
}
}
else {
const err48 = {instancePath:instancePath+"/secrets",schemaPath:"#/properties/secrets/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema25.properties.secrets.type,parentSchema:schema25.properties.secrets,data:data40};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data.resources !== undefined){
if(!(validate41(data.resources, {instancePath:instancePath+"/resources",parentData:data,parentDataProperty:"resources",rootData}))){
vErrors = vErrors === null ? validate41.errors : vErrors.concat(validate41.errors);
errors = vErrors.length;
}
}
}
else {
const err49 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema25.type,parentSchema:schema25,data};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
validate17.errors = vErrors;
return errors === 0;
}


function validate14(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((func4.call(schema16.properties, key0)) || (pattern0.test(key0)))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.description !== undefined){
let data0 = data.description;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema16.properties.description.type,parentSchema:schema16.properties.description,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.driver !== undefined){
let data1 = data.driver;
if(typeof data1 !== "string"){
const err2 = {instancePath:instancePath+"/driver",schemaPath:"#/definitions/Driver/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema17.type,parentSchema:schema17,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(!(((((((data1 === "process") || (data1 === "container")) || (data1 === "docker")) || (data1 === "kubernetes")) || (data1 === "k8s")) || (data1 === "nomad")) || (data1 === "local"))){
const err3 = {instancePath:instancePath+"/driver",schemaPath:"#/definitions/Driver/enum",keyword:"enum",params:{allowedValues: schema17.enum},message:"must be equal to one of the allowed values",schema:schema17.enum,parentSchema:schema17,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.config !== undefined){
let data2 = data.config;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
}
else {
const err4 = {instancePath:instancePath+"/config",schemaPath:"#/definitions/FreeMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema18.type,parentSchema:schema18,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.logging !== undefined){
if(!(validate15(data.logging, {instancePath:instancePath+"/logging",parentData:data,parentDataProperty:"logging",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
}
if(data.sources !== undefined){
let data4 = data.sources;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
if(!(validate17(data4[i0], {instancePath:instancePath+"/sources/" + i0,parentData:data4,parentDataProperty:i0,rootData}))){
vErrors = vErrors === null ? validate17.errors : vErrors.concat(validate17.errors);
errors = vErrors.length;
}
}
}
else {
const err5 = {instancePath:instancePath+"/sources",schemaPath:"#/properties/sources/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema16.properties.sources.type,parentSchema:schema16.properties.sources,data:data4};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.processors !== undefined){
let data6 = data.processors;
if(Array.isArray(data6)){
const len1 = data6.length;
for(let i1=0; i1<len1; i1++){
if(!(validate17(data6[i1], {instancePath:instancePath+"/processors/" + i1,parentData:data6,parentDataProperty:i1,rootData}))){
vErrors = vErrors === null ? validate17.errors : vErrors.concat(validate17.errors);
errors = vErrors.length;
}
}
}
else {
const err6 = {instancePath:instancePath+"/processors",schemaPath:"#/properties/processors/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema16.properties.processors.type,parentSchema:schema16.properties.processors,data:data6};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.sinks !== undefined){
let data8 = data.sinks;
if(Array.isArray(data8)){
const len2 = data8.length;
for(let i2=0; i2<len2; i2++){
if(!(validate17(data8[i2], {instancePath:instancePath+"/sinks/" + i2,parentData:data8,parentDataProperty:i2,rootData}))){
vErrors = vErrors === null ? validate17.errors : vErrors.concat(validate17.errors);
errors = vErrors.length;
}
}
}
else {
const err7 = {instancePath:instancePath+"/sinks",schemaPath:"#/properties/sinks/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema16.properties.sinks.type,parentSchema:schema16.properties.sinks,data:data8};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.pipelines !== undefined){
let data10 = data.pipelines;
if(Array.isArray(data10)){
const len3 = data10.length;
for(let i3=0; i3<len3; i3++){
if(!(validate17(data10[i3], {instancePath:instancePath+"/pipelines/" + i3,parentData:data10,parentDataProperty:i3,rootData}))){
vErrors = vErrors === null ? validate17.errors : vErrors.concat(validate17.errors);
errors = vErrors.length;
}
}
}
else {
const err8 = {instancePath:instancePath+"/pipelines",schemaPath:"#/properties/pipelines/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema16.properties.pipelines.type,parentSchema:schema16.properties.pipelines,data:data10};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema16.type,parentSchema:schema16,data};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
validate14.errors = vErrors;
return errors === 0;
}


function validate64(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema12.required,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!(((((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "metadata")) || (key0 === "spec")) || (pattern0.test(key0)))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema12.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.apiVersion.type,parentSchema:schema12.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if(typeof data1 !== "string"){
const err7 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.kind.type,parentSchema:schema12.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if("Pipeline" !== data1){
const err8 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Pipeline"},message:"must be equal to constant",schema:"Pipeline",parentSchema:schema12.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.metadata !== undefined){
if(!(validate12(data.metadata, {instancePath:instancePath+"/metadata",parentData:data,parentDataProperty:"metadata",rootData}))){
vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);
errors = vErrors.length;
}
}
if(data.spec !== undefined){
if(!(validate14(data.spec, {instancePath:instancePath+"/spec",parentData:data,parentDataProperty:"spec",rootData}))){
vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
errors = vErrors.length;
}
}
}
else {
const err9 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.type,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
validate64.errors = vErrors;
return errors === 0;
}

export const CompactPipeline = validate67;
const schema60 = {"description":"The compact form of the design doc: `pipeline: {name, logging, components: [...]}`.","type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"required":["pipeline"],"properties":{"pipeline":{"$ref":"#/definitions/CompactPipelineBody"}}};
const schema61 = {"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"required":["name","components"],"properties":{"name":{"type":"string","minLength":1},"namespace":{"type":"string"},"description":{"type":"string"},"labels":{"$ref":"#/definitions/StringMap"},"annotations":{"$ref":"#/definitions/StringMap"},"driver":{"$ref":"#/definitions/Driver"},"config":{"$ref":"#/definitions/FreeMap"},"logging":{"$ref":"#/definitions/PipelineLogging"},"components":{"type":"array","items":{"$ref":"#/definitions/CompactComponent"}}}};
const schema66 = {"description":"A component of the compact form: `name` (or `id`), `type` is the kind; every other key as in the flowctl/v1 form.","type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"name":{"$ref":"#/definitions/ComponentId"},"id":{"$ref":"#/definitions/ComponentId"},"type":{"$ref":"#/definitions/ComponentKind"},"image":{"$ref":"#/definitions/Image"},"command":{"$ref":"#/definitions/Command"},"remote":{"type":"boolean","description":"true: flowctl does not start this component; it runs elsewhere (another host, a container) and pushes its logs over the control plane (StreamLogs) with FLOWCTL_COMPONENT_ID set to its id. No command or image."},"args":{"$ref":"#/definitions/ScalarList"},"working_dir":{"$ref":"#/definitions/Path"},"env":{"$ref":"#/definitions/EnvMap"},"env_file":{"$ref":"#/definitions/EnvFile"},"config":{"$ref":"#/definitions/FreeMap"},"inputs":{"$ref":"#/definitions/IdList"},"depends_on":{"$ref":"#/definitions/DependsOn"},"health_check":{"$ref":"#/definitions/HealthCheck"},"health_port":{"$ref":"#/definitions/PortNumber"},"health_endpoint":{"$ref":"#/definitions/HealthEndpoint"},"ports":{"type":"array","items":{"$ref":"#/definitions/Port"}},"restart_policy":{"$ref":"#/definitions/RestartPolicy"},"stop_signal":{"$ref":"#/definitions/StopSignal"},"stop_grace_period":{"$ref":"#/definitions/TimerDuration"},"logging":{"$ref":"#/definitions/ComponentLogging"},"replicas":{"type":"integer","minimum":0},"input_event_types":{"$ref":"#/definitions/StringList"},"output_event_types":{"$ref":"#/definitions/StringList"},"inputEventTypes":{"$ref":"#/definitions/LegacyEventTypes"},"outputEventTypes":{"$ref":"#/definitions/LegacyEventTypes"},"volumes":{"type":"array","items":{"$ref":"#/definitions/Volume"}},"secrets":{"type":"array","items":{"$ref":"#/definitions/Secret"}},"resources":{"$ref":"#/definitions/Resources"}}};
const schema69 = {"type":"string","enum":["source","processor","sink","pipeline"],"description":"The kind of a compact component. Optional: without it, a component with no inputs is a source, one nobody reads from is a sink, the rest are processors."};

function validate52(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((func4.call(schema66.properties, key0)) || (pattern0.test(key0)))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema66,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(!pattern12.test(data0)){
const err1 = {instancePath:instancePath+"/name",schemaPath:"#/definitions/ComponentId/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]*$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]*$",parentSchema:schema26,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/name",schemaPath:"#/definitions/ComponentId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema26.type,parentSchema:schema26,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.id !== undefined){
let data1 = data.id;
if(typeof data1 === "string"){
if(!pattern12.test(data1)){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/definitions/ComponentId/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]*$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]*$",parentSchema:schema26,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/definitions/ComponentId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema26.type,parentSchema:schema26,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.type !== undefined){
let data2 = data.type;
if(typeof data2 !== "string"){
const err5 = {instancePath:instancePath+"/type",schemaPath:"#/definitions/ComponentKind/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema69.type,parentSchema:schema69,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(!((((data2 === "source") || (data2 === "processor")) || (data2 === "sink")) || (data2 === "pipeline"))){
const err6 = {instancePath:instancePath+"/type",schemaPath:"#/definitions/ComponentKind/enum",keyword:"enum",params:{allowedValues: schema69.enum},message:"must be equal to one of the allowed values",schema:schema69.enum,parentSchema:schema69,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.image !== undefined){
let data3 = data.image;
if(typeof data3 === "string"){
if(func2(data3) < 1){
const err7 = {instancePath:instancePath+"/image",schemaPath:"#/definitions/Image/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema27,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/image",schemaPath:"#/definitions/Image/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema27.type,parentSchema:schema27,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.command !== undefined){
let data4 = data.command;
if((typeof data4 !== "string") && (!(Array.isArray(data4)))){
const err9 = {instancePath:instancePath+"/command",schemaPath:"#/definitions/Command/type",keyword:"type",params:{type: schema28.type},message:"must be string,array",schema:schema28.type,parentSchema:schema28,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(typeof data4 === "string"){
if(func2(data4) < 1){
const err10 = {instancePath:instancePath+"/command",schemaPath:"#/definitions/Command/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema28,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(Array.isArray(data4)){
if(data4.length < 1){
const err11 = {instancePath:instancePath+"/command",schemaPath:"#/definitions/Command/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema28,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(typeof data5 !== "string"){
const err12 = {instancePath:instancePath+"/command/" + i0,schemaPath:"#/definitions/Command/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema28.items.type,parentSchema:schema28.items,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
}
if(data.remote !== undefined){
let data6 = data.remote;
if(typeof data6 !== "boolean"){
const err13 = {instancePath:instancePath+"/remote",schemaPath:"#/properties/remote/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema66.properties.remote.type,parentSchema:schema66.properties.remote,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.args !== undefined){
let data7 = data.args;
if(Array.isArray(data7)){
const len1 = data7.length;
for(let i1=0; i1<len1; i1++){
let data8 = data7[i1];
if(((typeof data8 !== "string") && (!((typeof data8 == "number") && (isFinite(data8))))) && (typeof data8 !== "boolean")){
const err14 = {instancePath:instancePath+"/args/" + i1,schemaPath:"#/definitions/ScalarList/items/type",keyword:"type",params:{type: schema29.items.type},message:"must be string,number,boolean",schema:schema29.items.type,parentSchema:schema29.items,data:data8};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/args",schemaPath:"#/definitions/ScalarList/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema29.type,parentSchema:schema29,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.working_dir !== undefined){
let data9 = data.working_dir;
if(typeof data9 === "string"){
if(func2(data9) < 1){
const err16 = {instancePath:instancePath+"/working_dir",schemaPath:"#/definitions/Path/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema22,data:data9};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/working_dir",schemaPath:"#/definitions/Path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema22.type,parentSchema:schema22,data:data9};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.env !== undefined){
let data10 = data.env;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key1 in data10){
const _errs32 = errors;
if(typeof key1 === "string"){
if(!pattern13.test(key1)){
const err18 = {instancePath:instancePath+"/env",schemaPath:"#/definitions/EnvMap/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_]*$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_]*$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_]*$",parentSchema:schema31.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
var valid13 = _errs32 === errors;
if(!valid13){
const err19 = {instancePath:instancePath+"/env",schemaPath:"#/definitions/EnvMap/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema31.propertyNames,parentSchema:schema31,data:data10};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
for(const key2 in data10){
let data11 = data10[key2];
if(((typeof data11 !== "string") && (!((typeof data11 == "number") && (isFinite(data11))))) && (typeof data11 !== "boolean")){
const err20 = {instancePath:instancePath+"/env/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/EnvMap/additionalProperties/type",keyword:"type",params:{type: schema31.additionalProperties.type},message:"must be string,number,boolean",schema:schema31.additionalProperties.type,parentSchema:schema31.additionalProperties,data:data11};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/env",schemaPath:"#/definitions/EnvMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data:data10};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.env_file !== undefined){
let data12 = data.env_file;
if((typeof data12 !== "string") && (!(Array.isArray(data12)))){
const err22 = {instancePath:instancePath+"/env_file",schemaPath:"#/definitions/EnvFile/type",keyword:"type",params:{type: schema32.type},message:"must be string,array",schema:schema32.type,parentSchema:schema32,data:data12};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(typeof data12 === "string"){
if(func2(data12) < 1){
const err23 = {instancePath:instancePath+"/env_file",schemaPath:"#/definitions/EnvFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema32,data:data12};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(Array.isArray(data12)){
const len2 = data12.length;
for(let i2=0; i2<len2; i2++){
let data13 = data12[i2];
if(typeof data13 === "string"){
if(func2(data13) < 1){
const err24 = {instancePath:instancePath+"/env_file/" + i2,schemaPath:"#/definitions/EnvFile/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema32.items,data:data13};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/env_file/" + i2,schemaPath:"#/definitions/EnvFile/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.items.type,parentSchema:schema32.items,data:data13};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
}
if(data.config !== undefined){
let data14 = data.config;
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
}
else {
const err26 = {instancePath:instancePath+"/config",schemaPath:"#/definitions/FreeMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema18.type,parentSchema:schema18,data:data14};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.inputs !== undefined){
let data15 = data.inputs;
if(Array.isArray(data15)){
const len3 = data15.length;
for(let i3=0; i3<len3; i3++){
let data16 = data15[i3];
if(typeof data16 === "string"){
if(func2(data16) < 1){
const err27 = {instancePath:instancePath+"/inputs/" + i3,schemaPath:"#/definitions/IdList/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema34.items,data:data16};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/inputs/" + i3,schemaPath:"#/definitions/IdList/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.items.type,parentSchema:schema34.items,data:data16};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/inputs",schemaPath:"#/definitions/IdList/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema34.type,parentSchema:schema34,data:data15};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.depends_on !== undefined){
if(!(validate18(data.depends_on, {instancePath:instancePath+"/depends_on",parentData:data,parentDataProperty:"depends_on",rootData}))){
vErrors = vErrors === null ? validate18.errors : vErrors.concat(validate18.errors);
errors = vErrors.length;
}
}
if(data.health_check !== undefined){
if(!(validate20(data.health_check, {instancePath:instancePath+"/health_check",parentData:data,parentDataProperty:"health_check",rootData}))){
vErrors = vErrors === null ? validate20.errors : vErrors.concat(validate20.errors);
errors = vErrors.length;
}
}
if(data.health_port !== undefined){
let data19 = data.health_port;
if(!(((typeof data19 == "number") && (!(data19 % 1) && !isNaN(data19))) && (isFinite(data19)))){
const err30 = {instancePath:instancePath+"/health_port",schemaPath:"#/definitions/PortNumber/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema41.type,parentSchema:schema41,data:data19};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 > 65535 || isNaN(data19)){
const err31 = {instancePath:instancePath+"/health_port",schemaPath:"#/definitions/PortNumber/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema41,data:data19};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(data19 < 1 || isNaN(data19)){
const err32 = {instancePath:instancePath+"/health_port",schemaPath:"#/definitions/PortNumber/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema41,data:data19};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
}
if(data.ports !== undefined){
let data21 = data.ports;
if(Array.isArray(data21)){
const len4 = data21.length;
for(let i4=0; i4<len4; i4++){
if(!(validate26(data21[i4], {instancePath:instancePath+"/ports/" + i4,parentData:data21,parentDataProperty:i4,rootData}))){
vErrors = vErrors === null ? validate26.errors : vErrors.concat(validate26.errors);
errors = vErrors.length;
}
}
}
else {
const err33 = {instancePath:instancePath+"/ports",schemaPath:"#/properties/ports/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema66.properties.ports.type,parentSchema:schema66.properties.ports,data:data21};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data.restart_policy !== undefined){
if(!(validate28(data.restart_policy, {instancePath:instancePath+"/restart_policy",parentData:data,parentDataProperty:"restart_policy",rootData}))){
vErrors = vErrors === null ? validate28.errors : vErrors.concat(validate28.errors);
errors = vErrors.length;
}
}
if(data.stop_signal !== undefined){
let data24 = data.stop_signal;
if(typeof data24 !== "string"){
const err34 = {instancePath:instancePath+"/stop_signal",schemaPath:"#/definitions/StopSignal/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema48.type,parentSchema:schema48,data:data24};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(!(((((((data24 === "SIGTERM") || (data24 === "SIGINT")) || (data24 === "SIGQUIT")) || (data24 === "SIGHUP")) || (data24 === "SIGKILL")) || (data24 === "SIGUSR1")) || (data24 === "SIGUSR2"))){
const err35 = {instancePath:instancePath+"/stop_signal",schemaPath:"#/definitions/StopSignal/enum",keyword:"enum",params:{allowedValues: schema48.enum},message:"must be equal to one of the allowed values",schema:schema48.enum,parentSchema:schema48,data:data24};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data.stop_grace_period !== undefined){
if(!(validate21(data.stop_grace_period, {instancePath:instancePath+"/stop_grace_period",parentData:data,parentDataProperty:"stop_grace_period",rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
if(data.logging !== undefined){
if(!(validate36(data.logging, {instancePath:instancePath+"/logging",parentData:data,parentDataProperty:"logging",rootData}))){
vErrors = vErrors === null ? validate36.errors : vErrors.concat(validate36.errors);
errors = vErrors.length;
}
}
if(data.replicas !== undefined){
let data27 = data.replicas;
if(!(((typeof data27 == "number") && (!(data27 % 1) && !isNaN(data27))) && (isFinite(data27)))){
const err36 = {instancePath:instancePath+"/replicas",schemaPath:"#/properties/replicas/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema66.properties.replicas.type,parentSchema:schema66.properties.replicas,data:data27};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if((typeof data27 == "number") && (isFinite(data27))){
if(data27 < 0 || isNaN(data27)){
const err37 = {instancePath:instancePath+"/replicas",schemaPath:"#/properties/replicas/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema66.properties.replicas,data:data27};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
}
if(data.input_event_types !== undefined){
let data28 = data.input_event_types;
if(Array.isArray(data28)){
const len5 = data28.length;
for(let i5=0; i5<len5; i5++){
let data29 = data28[i5];
if(typeof data29 !== "string"){
const err38 = {instancePath:instancePath+"/input_event_types/" + i5,schemaPath:"#/definitions/StringList/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema50.items.type,parentSchema:schema50.items,data:data29};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
}
else {
const err39 = {instancePath:instancePath+"/input_event_types",schemaPath:"#/definitions/StringList/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema50.type,parentSchema:schema50,data:data28};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data.output_event_types !== undefined){
let data30 = data.output_event_types;
if(Array.isArray(data30)){
const len6 = data30.length;
for(let i6=0; i6<len6; i6++){
let data31 = data30[i6];
if(typeof data31 !== "string"){
const err40 = {instancePath:instancePath+"/output_event_types/" + i6,schemaPath:"#/definitions/StringList/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema50.items.type,parentSchema:schema50.items,data:data31};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
else {
const err41 = {instancePath:instancePath+"/output_event_types",schemaPath:"#/definitions/StringList/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema50.type,parentSchema:schema50,data:data30};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data.volumes !== undefined){
let data34 = data.volumes;
if(Array.isArray(data34)){
const len7 = data34.length;
for(let i7=0; i7<len7; i7++){
let data35 = data34[i7];
if(data35 && typeof data35 == "object" && !Array.isArray(data35)){
for(const key3 in data35){
if(!((((((key3 === "name") || (key3 === "mountPath")) || (key3 === "host_path")) || (key3 === "container_path")) || (key3 === "readonly")) || (pattern0.test(key3)))){
const err42 = {instancePath:instancePath+"/volumes/" + i7,schemaPath:"#/definitions/Volume/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema54,data:data35};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data35.name !== undefined){
let data36 = data35.name;
if(typeof data36 !== "string"){
const err43 = {instancePath:instancePath+"/volumes/" + i7+"/name",schemaPath:"#/definitions/Volume/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema54.properties.name.type,parentSchema:schema54.properties.name,data:data36};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data35.mountPath !== undefined){
let data37 = data35.mountPath;
if(typeof data37 !== "string"){
const err44 = {instancePath:instancePath+"/volumes/" + i7+"/mountPath",schemaPath:"#/definitions/Volume/properties/mountPath/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema54.properties.mountPath.type,parentSchema:schema54.properties.mountPath,data:data37};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data35.host_path !== undefined){
let data38 = data35.host_path;
if(typeof data38 !== "string"){
const err45 = {instancePath:instancePath+"/volumes/" + i7+"/host_path",schemaPath:"#/definitions/Volume/properties/host_path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema54.properties.host_path.type,parentSchema:schema54.properties.host_path,data:data38};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data35.container_path !== undefined){
let data39 = data35.container_path;
if(typeof data39 !== "string"){
const err46 = {instancePath:instancePath+"/volumes/" + i7+"/container_path",schemaPath:"#/definitions/Volume/properties/container_path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema54.properties.container_path.type,parentSchema:schema54.properties.container_path,data:data39};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data35.readonly !== undefined){
let data40 = data35.readonly;
if(typeof data40 !== "boolean"){
const err47 = {instancePath:instancePath+"/volumes/" + i7+"/readonly",schemaPath:"#/definitions/Volume/properties/readonly/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema54.properties.readonly.type,parentSchema:schema54.properties.readonly,data:data40};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
else {
const err48 = {instancePath:instancePath+"/volumes/" + i7,schemaPath:"#/definitions/Volume/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema54.type,parentSchema:schema54,data:data35};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
}
else {
const err49 = {instancePath:instancePath+"/volumes",schemaPath:"#/properties/volumes/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema66.properties.volumes.type,parentSchema:schema66.properties.volumes,data:data34};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data.secrets !== undefined){
let data41 = data.secrets;
if(Array.isArray(data41)){
const len8 = data41.length;
for(let i8=0; i8<len8; i8++){
if(!(validate39(data41[i8], {instancePath:instancePath+"/secrets/" + i8,parentData:data41,parentDataProperty:i8,rootData}))){
vErrors = vErrors === null ? validate39.errors : vErrors.concat(validate39.errors);
errors = vErrors.length;
}
}
}
else {
const err50 = {instancePath:instancePath+"/secrets",schemaPath:"#/properties/secrets/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema66.properties.secrets.type,parentSchema:schema66.properties.secrets,data:data41};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data.resources !== undefined){
if(!(validate41(data.resources, {instancePath:instancePath+"/resources",parentData:data,parentDataProperty:"resources",rootData}))){
vErrors = vErrors === null ? validate41.errors : vErrors.concat(validate41.errors);
errors = vErrors.length;
}
}
}
else {
const err51 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema66.type,parentSchema:schema66,data};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
validate52.errors = vErrors;
return errors === 0;
}


function validate50(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema61.required,parentSchema:schema61,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.components === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "components"},message:"must have required property '"+"components"+"'",schema:schema61.required,parentSchema:schema61,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((func4.call(schema61.properties, key0)) || (pattern0.test(key0)))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema61,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema61.properties.name,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema61.properties.name.type,parentSchema:schema61.properties.name,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.namespace !== undefined){
let data1 = data.namespace;
if(typeof data1 !== "string"){
const err5 = {instancePath:instancePath+"/namespace",schemaPath:"#/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema61.properties.namespace.type,parentSchema:schema61.properties.namespace,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.description !== undefined){
let data2 = data.description;
if(typeof data2 !== "string"){
const err6 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema61.properties.description.type,parentSchema:schema61.properties.description,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.labels !== undefined){
let data3 = data.labels;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
for(const key1 in data3){
let data4 = data3[key1];
if(typeof data4 !== "string"){
const err7 = {instancePath:instancePath+"/labels/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/StringMap/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.additionalProperties.type,parentSchema:schema14.additionalProperties,data:data4};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/labels",schemaPath:"#/definitions/StringMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema14.type,parentSchema:schema14,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.annotations !== undefined){
let data5 = data.annotations;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
let data6 = data5[key2];
if(typeof data6 !== "string"){
const err9 = {instancePath:instancePath+"/annotations/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/StringMap/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema14.additionalProperties.type,parentSchema:schema14.additionalProperties,data:data6};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath:instancePath+"/annotations",schemaPath:"#/definitions/StringMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema14.type,parentSchema:schema14,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.driver !== undefined){
let data7 = data.driver;
if(typeof data7 !== "string"){
const err11 = {instancePath:instancePath+"/driver",schemaPath:"#/definitions/Driver/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema17.type,parentSchema:schema17,data:data7};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(!(((((((data7 === "process") || (data7 === "container")) || (data7 === "docker")) || (data7 === "kubernetes")) || (data7 === "k8s")) || (data7 === "nomad")) || (data7 === "local"))){
const err12 = {instancePath:instancePath+"/driver",schemaPath:"#/definitions/Driver/enum",keyword:"enum",params:{allowedValues: schema17.enum},message:"must be equal to one of the allowed values",schema:schema17.enum,parentSchema:schema17,data:data7};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.config !== undefined){
let data8 = data.config;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
}
else {
const err13 = {instancePath:instancePath+"/config",schemaPath:"#/definitions/FreeMap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema18.type,parentSchema:schema18,data:data8};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.logging !== undefined){
if(!(validate15(data.logging, {instancePath:instancePath+"/logging",parentData:data,parentDataProperty:"logging",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
}
if(data.components !== undefined){
let data10 = data.components;
if(Array.isArray(data10)){
const len0 = data10.length;
for(let i0=0; i0<len0; i0++){
if(!(validate52(data10[i0], {instancePath:instancePath+"/components/" + i0,parentData:data10,parentDataProperty:i0,rootData}))){
vErrors = vErrors === null ? validate52.errors : vErrors.concat(validate52.errors);
errors = vErrors.length;
}
}
}
else {
const err14 = {instancePath:instancePath+"/components",schemaPath:"#/properties/components/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema61.properties.components.type,parentSchema:schema61.properties.components,data:data10};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema61.type,parentSchema:schema61,data};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
validate50.errors = vErrors;
return errors === 0;
}


function validate67(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.pipeline === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "pipeline"},message:"must have required property '"+"pipeline"+"'",schema:schema60.required,parentSchema:schema60,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((key0 === "pipeline") || (pattern0.test(key0)))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema60,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.pipeline !== undefined){
if(!(validate50(data.pipeline, {instancePath:instancePath+"/pipeline",parentData:data,parentDataProperty:"pipeline",rootData}))){
vErrors = vErrors === null ? validate50.errors : vErrors.concat(validate50.errors);
errors = vErrors.length;
}
}
}
else {
const err2 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema60.type,parentSchema:schema60,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
validate67.errors = vErrors;
return errors === 0;
}

